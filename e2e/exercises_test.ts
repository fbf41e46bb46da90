/**
 * The example service (examples/exercises) end to end: its own process behind Caddy at
 * /exercises/, verifying the users service's tokens offline through the JWKS, and through
 * introspection on its /live route.
 */
import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { runKeys } from "../api/cli/keys.ts";
import { registerService } from "../api/services/service.ts";
import { testApi } from "../api/testing/api.ts";
import { signAsService } from "../api/testing/keys.ts";
import { startCaddy } from "../tools/stack/caddy.ts";
import { startExample } from "../tools/stack/example.ts";
import { freePort } from "../tools/stack/postgres.ts";

const DIST = new URL("../dist/", import.meta.url).pathname;
const SECRET_KEY = "exercises-e2e-secret-0123456789abcdefgh";
const ISSUER = "http://localhost:8080";

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

Deno.test("the exercises service verifies the users service's tokens through Caddy", async (t) => {
  await using api = await testApi({
    SECRET_KEY,
    TOKEN_AUDIENCE: "users,exercises",
    SIGNING_KEY_PUBLISH_DELAY: "1",
  });
  const { service, clientSecret } = await registerService(api.db.sql, "exercises");
  await using example = await startExample({
    port: freePort(),
    env: {
      USERS_URL: api.url,
      TOKEN_ISSUER: ISSUER,
      TOKEN_AUDIENCE: "exercises",
      INTROSPECT_CLIENT_ID: service.clientId,
      INTROSPECT_CLIENT_SECRET: clientSecret,
      // A kid it has not seen is fetched at once (30 s apart by default): the test does not wait.
      JWKS_COOLDOWN_SECONDS: "0",
    },
    output: "null",
  });
  await using caddy = await startCaddy({
    port: freePort(),
    upstreams: [new URL(api.url).host],
    exampleUpstream: new URL(example.url).host,
    siteRoot: DIST,
  });
  const get = async (path: string, token?: string) => {
    const res = await fetch(`${caddy.url}/exercises${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: await res.json() };
  };
  const user = await api.createUser();
  const admin = await api.createUser({ admin: true });

  await t.step("a user's token is accepted offline and by introspection", async () => {
    const mine = await get("/mine", user.token);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.data.user_id, user.user.id);
    assert.equal(mine.body.data.verified, "offline");
    const live = await get("/live", user.token);
    assert.equal(live.status, 200);
    assert.equal(live.body.data.verified, "introspection");
    assert.equal((await get("/mine")).status, 401, "no token");
  });

  await t.step("the admin route takes admins only", async () => {
    assert.equal((await get("/admin", user.token)).status, 403);
    assert.equal((await get("/admin", admin.token)).status, 200);
  });

  await t.step(
    "tampered, wrong-audience, wrong-issuer, expired and alg none tokens are refused",
    async () => {
      const claims = decodeJwt(user.token);
      const [header, , signature] = user.token.split(".");
      const now = Math.floor(Date.now() / 1000);
      const refused: Record<string, string> = {
        tampered: `${header}.${b64url({ ...claims, admin: true })}.${signature}`,
        "wrong audience": await signAsService(api.deps.keyring, { ...claims, aud: "users" }),
        "wrong issuer": await signAsService(api.deps.keyring, { ...claims, iss: "https://evil" }),
        expired: await signAsService(api.deps.keyring, {
          ...claims,
          iat: now - 120,
          exp: now - 60,
        }),
        "alg none": `${
          b64url({ alg: "none", typ: "JWT", kid: decodeProtectedHeader(user.token).kid })
        }.${b64url(claims)}.`,
      };
      for (const [name, token] of Object.entries(refused)) {
        const res = await get("/mine", token);
        assert.equal(res.status, 401, name);
        assert.equal(res.body.message, "Provide a valid auth token.", name);
      }
    },
  );

  await t.step(
    "tokens are accepted again after keys:rotate, and after keys:rotate --now",
    async () => {
      for (const args of [[], ["--now"]]) {
        const before = api.deps.keyring.signingKey().kid;
        const code = await runKeys("keys:rotate", args, {
          env: { APP_ENV: "test", SECRET_KEY, SIGNING_KEY_PUBLISH_DELAY: "1" },
          database: () => Promise.resolve({ url: api.db.url, release: () => Promise.resolve() }),
          print: () => {},
        });
        assert.equal(code, 0);
        await api.deps.keyring.refresh(); // what every replica's timer does within 5 s
        // Published at once; signing once the delay (1 s here) has passed.
        let fresh = await api.createUser();
        while (decodeProtectedHeader(fresh.token).kid === before) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          fresh = await api.createUser();
        }
        assert.equal((await get("/mine", fresh.token)).status, 200, `new key ${args}`);
        assert.equal((await get("/mine", user.token)).status, 200, `previous key ${args}`);
      }
    },
  );

  await t.step(
    "after logout: refused at once by introspection, accepted offline only until exp",
    async () => {
      const leaving = await api.createUser();
      assert.equal((await get("/live", leaving.token)).status, 200);
      const out = await fetch(`${caddy.url}/auth/logout`, {
        method: "POST",
        headers: { Authorization: `Bearer ${leaving.token}` },
      });
      assert.equal(out.status, 200);
      await out.body?.cancel();
      assert.equal((await get("/live", leaving.token)).status, 401, "introspected");
      assert.equal((await get("/mine", leaving.token)).status, 200, "offline, before exp");
      // The same token at its expiry, signed as the service signs them: not waited for.
      const now = Math.floor(Date.now() / 1000);
      const atExp = await signAsService(api.deps.keyring, {
        ...decodeJwt(leaving.token),
        iat: now - 901,
        exp: now - 1,
      });
      assert.equal((await get("/mine", atExp)).status, 401, "offline, after exp");
    },
  );
});
