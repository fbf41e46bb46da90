import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { memoryKey, memoryKeyring } from "../testing/keys.ts";
import { createTokens, InvalidTokenError, TokenExpiredError } from "./tokens.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
const legacyKey = new TextEncoder().encode(SECRET);
const ISSUER = "https://users.example.com";
const AUDIENCE = ["users", "exercises"];
// The first key was created ten minutes ago: HS256 tokens from before then are still accepted.
const key = await memoryKey("EdDSA", 600);
const keyring = memoryKeyring([key]);
const options = { issuer: ISSUER, audience: AUDIENCE, secretKey: SECRET, ttlSeconds: 900 };
const tokens = createTokens({ ...options, keyring });
const now = () => Math.floor(Date.now() / 1000);
const SID = "0b8a3c52-55d4-4a4e-9d54-3e0c2a9c7a11";
const LIVE = { generation: 1, notAfter: new Date(Date.now() + 24 * 3600 * 1000) };
const USER = { userId: 42, admin: true, active: true };

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** A token signed with the current key, whose claims and header the test chooses. */
function signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: key.kid, ...header })
    .sign(key.privateKey!);
}
const base = () => ({
  sub: "1",
  sid: SID,
  jti: "j",
  iat: now(),
  exp: now() + 600,
  iss: ISSUER,
  aud: "users",
});

Deno.test("issued tokens are EdDSA with kid, iss, aud, sub, sid, admin, active, iat, exp and jti", async () => {
  const { token, expiresIn } = await tokens.issue(USER, SID, LIVE);
  assert.equal(expiresIn, 900);
  assert.deepEqual(decodeProtectedHeader(token), { alg: "EdDSA", typ: "JWT", kid: key.kid });
  const claims = decodeJwt(token);
  assert.equal(claims.sub, "42");
  assert.equal(claims.iss, ISSUER);
  assert.deepEqual(claims.aud, AUDIENCE);
  assert.equal(claims.admin, true);
  assert.equal(claims.active, true);
  assert.equal((claims.exp as number) - (claims.iat as number), 900);
  assert.equal(typeof claims.jti, "string");
  const verified = await tokens.verify(token);
  assert.equal(verified.userId, 42);
  assert.equal(verified.sessionId, SID);
  assert.equal(claims.sid, SID);
  assert.equal(verified.jti, claims.jti);
});

Deno.test("a single audience is a string; an ES256 key signs ES256 tokens", async () => {
  const es = await memoryKey("ES256", 10);
  const esTokens = createTokens({ ...options, audience: ["users"], keyring: memoryKeyring([es]) });
  const { token } = await esTokens.issue(USER, SID, LIVE);
  assert.deepEqual(decodeProtectedHeader(token), { alg: "ES256", typ: "JWT", kid: es.kid });
  assert.equal(decodeJwt(token).aud, "users");
  assert.equal((await esTokens.verify(token)).userId, 42);
});

Deno.test("every token gets a distinct jti", async () => {
  const [a, b] = await Promise.all([tokens.issue(USER, SID, LIVE), tokens.issue(USER, SID, LIVE)]);
  assert.notEqual(decodeJwt(a.token).jti, decodeJwt(b.token).jti);
});

Deno.test("an expired token throws TokenExpiredError", async () => {
  const token = await signed({ ...base(), iat: now() - 100, exp: now() - 10 });
  await assert.rejects(tokens.verify(token), TokenExpiredError);
});

Deno.test("an unsigned `alg: none` token is rejected", async () => {
  const token = `${b64url({ alg: "none", typ: "JWT", kid: key.kid })}.${b64url(base())}.`;
  await assert.rejects(tokens.verify(token), InvalidTokenError);
});

Deno.test("a token of a wrong audience or issuer is rejected; any one audience is enough", async () => {
  assert.equal((await tokens.verify(await signed({ ...base(), aud: "exercises" }))).userId, 1);
  assert.equal((await tokens.verify(await signed({ ...base(), aud: ["x", "users"] }))).userId, 1);
  for (const claims of [{ aud: "billing" }, { aud: undefined }, { iss: "https://evil.example" }]) {
    const token = await signed({ ...base(), ...claims });
    await assert.rejects(tokens.verify(token), InvalidTokenError, JSON.stringify(claims));
  }
  const noIss = await signed({ ...base(), iss: undefined });
  await assert.rejects(tokens.verify(noIss), InvalidTokenError);
});

Deno.test("a token naming an unknown kid, no kid, or signed by another key is rejected", async () => {
  const stranger = await memoryKey("EdDSA");
  const foreign = await new SignJWT(base()).setProtectedHeader({ alg: "EdDSA", kid: stranger.kid })
    .sign(stranger.privateKey!);
  await assert.rejects(tokens.verify(foreign), InvalidTokenError, "unknown kid");
  const noKid = await new SignJWT(base()).setProtectedHeader({ alg: "EdDSA" })
    .sign(key.privateKey!);
  await assert.rejects(tokens.verify(noKid), InvalidTokenError, "no kid");
  // A stranger's signature under our kid.
  const forged = await new SignJWT(base()).setProtectedHeader({ alg: "EdDSA", kid: key.kid })
    .sign(stranger.privateKey!);
  await assert.rejects(tokens.verify(forged), InvalidTokenError, "forged signature");
});

Deno.test("a token whose header names another algorithm than its key's is rejected", async () => {
  const es = await memoryKey("ES256", 10);
  const mixed = createTokens({ ...options, keyring: memoryKeyring([key, es]) });
  // ES256 signature, EdDSA key's kid: the key decides the algorithm, not the header.
  const token = await new SignJWT(base()).setProtectedHeader({ alg: "ES256", kid: key.kid })
    .sign(es.privateKey!);
  await assert.rejects(mixed.verify(token), InvalidTokenError);
});

Deno.test("HS256 tokens are accepted only when issued before the first signing key", async () => {
  const legacy = (iat: number) =>
    new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" }).setSubject("7")
      .setIssuedAt(iat).setExpirationTime(now() + 600).setJti("j").sign(legacyKey);
  assert.equal((await tokens.verify(await legacy(now() - 700))).userId, 7);
  await assert.rejects(tokens.verify(await legacy(now() - 60)), InvalidTokenError, "after");
  const wrongSecret = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" })
    .setSubject("7").setIssuedAt(now() - 700).setExpirationTime(now() + 600).setJti("j")
    .sign(new TextEncoder().encode("another-secret-another-secret-xx"));
  await assert.rejects(tokens.verify(wrongSecret), InvalidTokenError);
  const hs512 = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS512" })
    .setSubject("7").setIssuedAt(now() - 700).setExpirationTime("1h").setJti("j").sign(legacyKey);
  await assert.rejects(tokens.verify(hs512), InvalidTokenError);
});

Deno.test("a tampered payload is rejected", async () => {
  const { token } = await tokens.issue(USER, SID, LIVE);
  const [header, , signature] = token.split(".");
  const claims = decodeJwt(token);
  const tampered = `${header}.${b64url({ ...claims, sub: "2" })}.${signature}`;
  await assert.rejects(tokens.verify(tampered), InvalidTokenError);
});

Deno.test("a missing, non-string or non-numeric sub is rejected", async () => {
  for (const sub of [undefined, 7, "abc", "0", "-1"]) {
    const token = await signed({ ...base(), sub });
    await assert.rejects(tokens.verify(token), InvalidTokenError, String(sub));
  }
});

Deno.test("a token issued or valid only in the future is rejected", async () => {
  const future = await signed({ ...base(), iat: now() + 3600, exp: now() + 7200 });
  await assert.rejects(tokens.verify(future), InvalidTokenError);
  const notYet = await signed({ ...base(), nbf: now() + 3600 });
  await assert.rejects(tokens.verify(notYet), InvalidTokenError);
});

Deno.test("a token without exp or jti is rejected", async () => {
  await assert.rejects(
    tokens.verify(await signed({ ...base(), exp: undefined })),
    InvalidTokenError,
  );
  await assert.rejects(
    tokens.verify(await signed({ ...base(), jti: undefined })),
    InvalidTokenError,
  );
});

Deno.test("a token without a session id, or with a malformed one, is rejected", async () => {
  for (const sid of [undefined, "not-a-uuid", 5]) {
    await assert.rejects(tokens.verify(await signed({ ...base(), sid })), InvalidTokenError);
  }
});

Deno.test("a token carries its session generation and never outlives its session", async () => {
  const ending = { generation: 7, notAfter: new Date(Date.now() + 60_000) };
  const { token, expiresIn } = await tokens.issue(USER, SID, ending);
  assert.ok(expiresIn <= 60 && expiresIn >= 58, `expires in ${expiresIn}`);
  const claims = await tokens.verify(token);
  assert.equal(claims.generation, 7);
  assert.ok(claims.expiresAt <= Math.ceil(ending.notAfter.getTime() / 1000));
});

Deno.test("a token without gen verifies as generation 0; a bad gen is refused", async () => {
  assert.equal((await tokens.verify(await signed(base()))).generation, 0);
  for (const gen of [-1, 1.5, "2", null]) {
    await assert.rejects(tokens.verify(await signed({ ...base(), gen })), InvalidTokenError);
  }
});

Deno.test("a superseded key's tokens verify while it is published, a retired key's do not", async () => {
  // Superseded 100 s ago, kept 960 s: previous. Superseded 2,000 s ago: retired.
  const old = await memoryKey("EdDSA", 3000);
  const previous = await memoryKey("EdDSA", 2000);
  const current = await memoryKey("EdDSA", 100);
  const ring = memoryKeyring([old, previous, current]);
  const verifier = createTokens({ ...options, keyring: ring });
  const sign = (by: typeof key) =>
    new SignJWT(base()).setProtectedHeader({ alg: "EdDSA", kid: by.kid }).sign(by.privateKey!);
  assert.deepEqual(ring.states().map(({ state }) => state), ["retired", "previous", "current"]);
  assert.equal((await verifier.verify(await sign(previous))).userId, 1);
  assert.equal((await verifier.verify(await sign(current))).userId, 1);
  await assert.rejects(verifier.verify(await sign(old)), InvalidTokenError);
  const { token } = await verifier.issue(USER, SID, LIVE);
  assert.equal(decodeProtectedHeader(token).kid, current.kid);
});
