import { createAuthCache } from "./auth_cache/auth_cache.ts";
import assert from "node:assert/strict";
import { createApp } from "./app.ts";
import { createLoginQueue } from "./auth/login_queue.ts";
import { createTokens } from "./auth/tokens.ts";
import { loadConfig } from "./config.ts";
import { createSql, type Sql } from "./db.ts";
import type { Deps } from "./deps.ts";
import { createAfterResponse } from "./http/after_response.ts";
import { jsonLogger, silentLogger } from "./http/logger.ts";
import type { Keyring } from "./keys/keyring.ts";
import { createRateLimiter } from "./security/rate_limit.ts";
import { testApi } from "./testing/api.ts";
import type { PasswordHasher } from "./auth/passwords.ts";

Deno.test("GET /ping answers pong", async () => {
  await using api = await testApi();
  const res = await api.request("/ping");
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "pong!" });
  assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/);
});

Deno.test("an unknown route answers 404 in the JSON envelope", async () => {
  await using api = await testApi();
  for (const path of ["/nope", "/users/1/extra", "/auth"]) {
    const res = await api.request(path);
    assert.equal(res.status, 404, path);
    assert.deepEqual(res.body, { status: "fail", message: "Not found." });
  }
});

Deno.test("a known path with the wrong method answers 405 with Allow", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/login", { method: "GET" });
  assert.equal(res.status, 405);
  assert.equal(res.body.status, "fail");
  assert.equal(res.headers.get("Allow"), "POST, OPTIONS");
  const del = await api.request("/users", { method: "DELETE" });
  assert.equal(del.status, 405);
  assert.equal(del.headers.get("Allow"), "GET, HEAD, POST, OPTIONS");
  const options = await api.request("/ping", { method: "OPTIONS" });
  assert.equal(options.status, 204);
  assert.equal(options.headers.get("Allow"), "GET, HEAD, OPTIONS");
});

Deno.test("a body that is not JSON, malformed, or missing is rejected with 400", async () => {
  await using api = await testApi();
  const cases: RequestInit[] = [
    {
      body: "username=a&password=b",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    },
    { body: '{"email": "a@example.com",', headers: { "Content-Type": "application/json" } },
    { body: "null", headers: { "Content-Type": "application/json" } },
    { body: '{"email": "a@example.com"}' }, // text/plain by default
    {},
  ];
  for (const init of cases) {
    const res = await api.request("/auth/login", { method: "POST", ...init });
    assert.equal(res.status, 400, JSON.stringify(init));
    assert.equal(res.body.status, "fail");
    assert.equal(res.body.message, "Invalid payload.");
    assert.ok(Array.isArray(res.body.errors) && res.body.errors.length > 0);
  }
});

Deno.test("a body over 64 KiB is refused with 413", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: "big", email: "big@example.com", password: "x".repeat(70 * 1024) },
  });
  assert.equal(res.status, 413);
  assert.equal(res.body.status, "fail");
});

/** An app over a stub pool, to see how failures surface without a database. */
function appWith(sql: Sql) {
  const config = loadConfig({ APP_ENV: "test", DATABASE_URL: "postgres://nobody@127.0.0.1:1/x" });
  const logged: Record<string, unknown>[] = [];
  const deps: Deps = {
    sql,
    config,
    passwords: {} as PasswordHasher,
    keyring: {} as Keyring,
    tokens: createTokens({
      keyring: {} as Keyring,
      issuer: config.publicUrl,
      audience: config.tokenAudience,
      secretKey: config.secretKey,
      ttlSeconds: 60,
    }),
    limiter: createRateLimiter(sql, config.rateLimits),
    authCache: createAuthCache(sql, { databaseUrl: "", fenceMs: 0, logger: silentLogger }),
    loginQueue: createLoginQueue({ workers: 1, max: 1 }),
    logger: jsonLogger((line) => logged.push(JSON.parse(line))),
    afterResponse: createAfterResponse(silentLogger),
    migrationVersions: [],
  };
  return { app: createApp(deps), errors: () => logged.filter((e) => e.level === "error") };
}

Deno.test("an unexpected failure answers 500 with no detail and logs it instead", async () => {
  const broken = (() => {
    throw new Error("select secret_column from users -- kaboom");
  }) as unknown as Sql;
  const { app, errors } = appWith(broken);
  const res = await app.request("/users");
  assert.equal(res.status, 500);
  assert.deepEqual(await res.json(), { status: "error", message: "Something went wrong." });
  assert.equal(errors().length, 1);
  assert.match(String(errors()[0].message), /kaboom/);
});

Deno.test("a database that cannot be reached answers 503 Service unavailable", async () => {
  const sql = createSql("postgres://nobody@127.0.0.1:1/none");
  await sql.end(); // every query now fails as a closed connection does
  const { app, errors } = appWith(sql);
  const res = await app.request("/users");
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("Retry-After"), "5");
  assert.deepEqual(await res.json(), { status: "error", message: "Service unavailable." });
  assert.equal(errors()[0].code, "CONNECTION_ENDED");
});
