import assert from "node:assert/strict";
import { type ApiResponse, type TestApi, testApi } from "../testing/api.ts";
import { spawnApi } from "../testing/api_process.ts";

function assertTooMany(res: ApiResponse) {
  assert.equal(res.status, 429);
  assert.equal(res.body.status, "fail");
  const match = /^Too many attempts\. Try again in (\d+) seconds\.$/.exec(res.body.message);
  assert.ok(match, res.body.message);
  assert.equal(res.headers.get("Retry-After"), match[1]);
  assert.ok(Number(match[1]) >= 1);
}

const login = (api: TestApi, email: string, password: string, headers: HeadersInit = {}) =>
  api.request("/auth/login", { method: "POST", json: { email, password }, headers });

Deno.test("failed logins for one email are limited, even the right password, not other emails", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "3/1m" });
  const { user, password } = await api.createUser();
  const other = await api.createUser();
  for (let i = 0; i < 3; i++) assert.equal((await login(api, user.email, "wrong!!!")).status, 401);
  assertTooMany(await login(api, user.email, "wrong!!!"));
  assertTooMany(await login(api, user.email, password));
  assertTooMany(await login(api, user.email.toUpperCase(), password));
  assert.equal((await login(api, other.user.email, other.password)).status, 200);
});

Deno.test("a successful login clears its email's failures", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "3/1m" });
  const { user, password } = await api.createUser();
  for (let i = 0; i < 2; i++) await login(api, user.email, "wrong!!!");
  assert.equal((await login(api, user.email, password)).status, 200);
  for (let i = 0; i < 2; i++) assert.equal((await login(api, user.email, "wrong!!!")).status, 401);
  assert.equal((await login(api, user.email, password)).status, 200);
});

Deno.test("login attempts are limited per client IP, taken from X-Forwarded-For only via the trusted proxy", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_IP: "3/1m" });
  const via = (ip: string) => ({ "X-Forwarded-For": ip });
  for (let i = 0; i < 3; i++) {
    assert.equal((await login(api, `n${i}@example.com`, "x", via("203.0.113.7"))).status, 401);
  }
  assertTooMany(await login(api, "n9@example.com", "x", via("203.0.113.7")));
  // Another client behind the same proxy has its own allowance.
  assert.equal((await login(api, "n9@example.com", "x", via("198.51.100.1"))).status, 401);
});

Deno.test("X-Forwarded-For from a peer that is not a trusted proxy is ignored", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_IP: "2/1m", TRUSTED_PROXIES: "10.255.0.1" });
  for (let i = 0; i < 2; i++) {
    await login(api, `n${i}@example.com`, "x", { "X-Forwarded-For": `203.0.113.${i}` });
  }
  assertTooMany(await login(api, "n3@example.com", "x", { "X-Forwarded-For": "203.0.113.99" }));
});

Deno.test("registrations are limited per client IP", async () => {
  await using api = await testApi({ RATE_LIMIT_REGISTER_IP: "2/1h" });
  const register = (n: number) =>
    api.request("/auth/register", {
      method: "POST",
      json: { username: `reg${n}`, email: `reg${n}@example.com`, password: "a fine password" },
    });
  assert.equal((await register(1)).status, 201);
  assert.equal((await register(2)).status, 201);
  assertTooMany(await register(3));
  const [{ count }] = await api.db.sql`select count(*)::int from users where username = 'reg3'`;
  assert.equal(count, 0);
});

Deno.test("refreshes are limited per client IP", async () => {
  await using api = await testApi({ RATE_LIMIT_REFRESH_IP: "2/1m" });
  for (let i = 0; i < 2; i++) {
    assert.equal((await api.request("/auth/refresh", { method: "POST" })).status, 401);
  }
  assertTooMany(await api.request("/auth/refresh", { method: "POST" }));
});

Deno.test("two API processes on one database share the limits", async () => {
  // Replicas share SECRET_KEY, which opens the signing keys they share.
  const limits = {
    RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "4/1m",
    SECRET_KEY: "two-processes-secret-0123456789abcdef",
  };
  await using api = await testApi(limits);
  await using second = await spawnApi({ ...limits, DATABASE_URL: api.db.appUrl });
  const { user } = await api.createUser();
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const base = i % 2 === 0 ? api.url : second.url;
    const res = await fetch(`${base}/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: user.email, password: "wrong!!!" }),
    });
    statuses.push(res.status);
    await res.body?.cancel();
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
});
