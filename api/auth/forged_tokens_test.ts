import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { testApi } from "../testing/api.ts";
import { memoryKey, signAsService } from "../testing/keys.ts";

const SECRET = "forged-token-tests-secret-0123456789abcdef";
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) =>
  btoa(JSON.stringify(v)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

Deno.test("every forged or unusable token is refused with 401 over HTTP", async () => {
  await using api = await testApi({ SECRET_KEY: SECRET, TOKEN_AUDIENCE: "users,exercises" });
  const { user, sessionId, token: good } = await api.createUser();
  const { publicUrl } = api.deps.config;
  const stranger = await memoryKey("EdDSA");
  const hs256 = (claims: Record<string, unknown>, alg = "HS256") =>
    new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
  const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    signAsService(api.deps.keyring, claims, header);
  const base = {
    sub: String(user.id),
    sid: sessionId,
    jti: "j",
    iat: now(),
    exp: now() + 600,
    iss: publicUrl,
    aud: "exercises",
  };
  // HS256 tokens from before the first signing key still work; the key was made at start-up.
  const beforeKeys = Math.floor(api.deps.keyring.firstKeyCreatedAt().getTime() / 1000) - 1;
  const [header, , signature] = good.split(".");
  const forged: Record<string, string> = {
    "alg none": `${b64({ alg: "none", typ: "JWT" })}.${b64(base)}.`,
    "HS256 issued after the switch": await hs256(base),
    "HS512": await hs256({ ...base, iat: beforeKeys }, "HS512"),
    "a stranger's key under our kid": await new SignJWT(base)
      .setProtectedHeader({ alg: "EdDSA", kid: api.deps.keyring.signingKey().kid })
      .sign(stranger.privateKey!),
    "an unknown kid": await new SignJWT(base)
      .setProtectedHeader({ alg: "EdDSA", kid: stranger.kid }).sign(stranger.privateKey!),
    "wrong audience": await sign({ ...base, aud: "billing" }),
    "no audience": await sign({ ...base, aud: undefined }),
    "wrong issuer": await sign({ ...base, iss: "https://evil.example" }),
    "no issuer": await sign({ ...base, iss: undefined }),
    "tampered payload": `${header}.${b64({ ...base, sub: "999" })}.${signature}`,
    "missing sub": await sign({ ...base, sub: undefined }),
    "numeric sub": await sign({ ...base, sub: user.id }),
    "future iat": await sign({ ...base, iat: now() + 3600, exp: now() + 7200 }),
    "future nbf": await sign({ ...base, nbf: now() + 3600 }),
    "no sid": await sign({ ...base, sid: undefined }),
    "someone else's session": await sign({ ...base, sid: crypto.randomUUID() }),
    "truncated": good.slice(0, -5),
  };
  assert.equal((await api.request("/auth/status", { token: good })).status, 200);
  assert.equal((await api.request("/auth/status", { token: await sign(base) })).status, 200);
  const legacy = await hs256({ ...base, iss: undefined, aud: undefined, iat: beforeKeys });
  assert.equal((await api.request("/auth/status", { token: legacy })).status, 200, "HS256 before");
  for (const [name, token] of Object.entries(forged)) {
    const res = await api.request("/auth/status", { token });
    assert.equal(res.status, 401, name);
    assert.match(res.headers.get("WWW-Authenticate") ?? "", /^Bearer/, name);
  }
  await api.request("/auth/logout", { method: "POST", token: good });
  const revoked = await api.request("/auth/status", { token: good });
  assert.equal(revoked.status, 401, "a token of a revoked session");
});

Deno.test("error bodies never echo a password, a token or SQL", async () => {
  await using api = await testApi();
  const { user, token } = await api.createUser();
  const secret = "Sup3r-Secret-Marker-\u00e9\u00e9\u00e9\u00e9";
  const responses = [
    await api.request("/auth/login", {
      method: "POST",
      json: { email: user.email, password: secret },
    }),
    await api.request("/auth/login", {
      method: "POST",
      json: { email: user.email, password: secret.repeat(8) },
    }),
    await api.request("/auth/register", {
      method: "POST",
      json: { username: secret, email: secret, password: secret.repeat(8) },
    }),
    await api.request("/auth/register", {
      method: "POST",
      json: { username: "ok_name", email: "ok@example.com", password: 12345678, extra: secret },
    }),
    await api.request("/auth/status", { token: `${token}${secret}` }),
    await api.request("/auth/status", { headers: { Authorization: `Bearer ${secret}` } }),
    await api.request("/auth/refresh", {
      method: "POST",
      headers: { Cookie: `refresh_token=${secret}` },
    }),
    await api.request(`/users/${encodeURIComponent(secret)}`),
    await api.request(`/users?cursor=${encodeURIComponent(secret)}`),
  ];
  for (const res of responses) {
    const text = JSON.stringify(res.body);
    assert.ok(res.status >= 400, text);
    for (const needle of [secret, token, "select ", "insert ", "password_hash"]) {
      assert.ok(!text.includes(needle), `${res.status} body ${text} contains ${needle}`);
    }
  }
});
