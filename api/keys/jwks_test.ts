import assert from "node:assert/strict";
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { runKeys } from "../cli/keys.ts";
import { type TestApi, testApi } from "../testing/api.ts";

const SECRET_KEY = "jwks-test-secret-0123456789abcdefghijkl";

/** keys:rotate or keys:list as `deno task` runs them, on the test's database. */
async function keysTask(api: TestApi, command: "keys:rotate" | "keys:list", args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKeys(command, args, {
    env: { APP_ENV: "test", SECRET_KEY, SIGNING_KEY_PUBLISH_DELAY: "2" },
    database: () => Promise.resolve({ url: api.db.url, release: () => Promise.resolve() }),
    print: (line) => void out.push(line),
    printError: (line) => void err.push(line),
  });
  assert.deepEqual(err, []);
  assert.equal(code, 0);
  return out;
}

Deno.test("GET /.well-known/jwks.json publishes the signing key, cacheable, and it verifies a login's token", async () => {
  await using api = await testApi({ SECRET_KEY });
  const { token } = await api.createUser({ admin: true });
  const res = await api.request("/.well-known/jwks.json");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Cache-Control"), "public, max-age=300");
  assert.equal(res.body.keys.length, 1);
  const [jwk] = res.body.keys;
  assert.deepEqual(Object.keys(jwk).sort(), ["alg", "crv", "kid", "kty", "use", "x"]);
  assert.equal(jwk.kid, decodeProtectedHeader(token).kid);
  const { payload } = await jwtVerify(token, createLocalJWKSet(res.body), {
    issuer: "http://localhost:8080",
    audience: "users",
    algorithms: ["EdDSA"],
  });
  assert.equal(payload.admin, true);
  assert.equal(payload.active, true);
  // Everything else still may not be stored by a shared cache.
  assert.equal((await api.request("/ping")).headers.get("Cache-Control"), "no-store");
});

Deno.test("ES256 keys are published with their curve's members", async () => {
  await using api = await testApi({ SECRET_KEY, SIGNING_ALG: "ES256" });
  const { token } = await api.createUser();
  const { body } = await api.request("/.well-known/jwks.json");
  assert.deepEqual(Object.keys(body.keys[0]).sort(), ["alg", "crv", "kid", "kty", "use", "x", "y"]);
  assert.equal(body.keys[0].crv, "P-256");
  await jwtVerify(token, createLocalJWKSet(body), { algorithms: ["ES256"] });
});

Deno.test("keys:rotate publishes a key that signs only after the delay; keys:list shows states, never private material", async () => {
  await using api = await testApi({ SECRET_KEY });
  const first = api.deps.keyring.signingKey().kid;
  const out = await keysTask(api, "keys:rotate");
  const kid = /^created key (\S+) \(EdDSA\)$/.exec(out[0])?.[1];
  assert.ok(kid, out[0]);
  assert.match(out[1], /^published: in every replica's JWKS within 10 s; signs from \d{4}-/);
  await api.deps.keyring.refresh(); // what the keyring's timer does every 5 s
  const { body } = await api.request("/.well-known/jwks.json");
  assert.deepEqual(body.keys.map((key: { kid: string }) => key.kid), [first, kid]);
  const { token } = await api.createUser();
  assert.equal(decodeProtectedHeader(token).kid, first, "the new key waits before it signs");

  const list = await keysTask(api, "keys:list");
  assert.equal(list.length, 2);
  assert.match(list[0], new RegExp(`^${first} EdDSA current created \\d{4}-\\S+Z$`));
  assert.match(list[1], new RegExp(`^${kid} EdDSA next created \\S+ signs from \\S+Z$`));
  const [{ sealed }] = await api.db.sql`
    select encode(private_key, 'base64') as sealed from signing_keys where kid = ${kid!}`;
  assert.ok(!list.join("\n").includes(sealed.slice(0, 20)));
});

Deno.test("keys:rotate --now signs at once; tokens of the previous key keep working", async () => {
  await using api = await testApi({ SECRET_KEY });
  const before = await api.createUser();
  await keysTask(api, "keys:rotate", ["--now"]);
  await api.deps.keyring.refresh();
  const after = await api.createUser();
  assert.notEqual(decodeProtectedHeader(after.token).kid, decodeProtectedHeader(before.token).kid);
  for (const { token } of [before, after]) {
    assert.equal((await api.request("/auth/status", { token })).status, 200);
  }
  const list = await keysTask(api, "keys:list");
  assert.deepEqual(list.map((line) => line.split(" ")[2]), ["previous", "current"]);
});

Deno.test("keys:rotate and keys:list refuse unknown arguments", async () => {
  const err: string[] = [];
  const refuse = () => Promise.reject(new Error("must not use the database"));
  const options = { database: refuse, printError: (line: string) => void err.push(line) };
  assert.equal(await runKeys("keys:rotate", ["--later"], options), 2);
  assert.equal(await runKeys("keys:list", ["--now"], options), 2);
  assert.deepEqual(err, ["usage: deno task keys:rotate [--now]", "usage: deno task keys:list"]);
});

Deno.test("a client verifying through the JWKS endpoint fails no verification while keys rotate", async () => {
  await using api = await testApi({ SECRET_KEY, RATE_LIMIT_REFRESH_IP: "100000/1m" });
  const { refreshToken } = await api.createUser();
  // Fetched again on an unknown kid, as jose does once its cooldown has passed.
  const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`), {
    cooldownDuration: 0,
  });
  const kids = new Set<string>();
  const failures: string[] = [];
  let cookie = `refresh_token=${refreshToken}`;
  let verified = 0;
  const verifyOne = async () => {
    const res = await fetch(`${api.url}/auth/refresh`, { method: "POST", headers: { cookie } });
    const body = await res.json();
    if (res.status !== 200) return failures.push(`refresh ${res.status}`);
    cookie = res.headers.get("set-cookie")!.split(";")[0];
    try {
      await jwtVerify(body.auth_token, jwks, {
        issuer: "http://localhost:8080",
        audience: "users",
      });
      kids.add(decodeProtectedHeader(body.auth_token).kid!);
      verified++;
    } catch (error) {
      failures.push(String(error));
    }
  };
  // One client, refreshing and verifying in a loop, while the test rotates the keys under it.
  let running = true;
  const client = (async () => {
    while (running && failures.length === 0) await verifyOne();
  })();
  const seen = async (kid: string) => {
    while (!kids.has(kid) && failures.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await seen(api.deps.keyring.signingKey().kid);
  // A normal rotation: published now, signing two seconds later.
  const rotated = (await keysTask(api, "keys:rotate"))[0].split(" ")[2];
  await api.deps.keyring.refresh();
  await seen(rotated);
  // An emergency rotation: signing at once.
  const emergency = (await keysTask(api, "keys:rotate", ["--now"]))[0].split(" ")[2];
  await api.deps.keyring.refresh();
  await seen(emergency);
  running = false;
  await client;
  assert.deepEqual(failures, []);
  assert.equal(kids.size, 3);
  assert.ok(verified >= 3);
});
