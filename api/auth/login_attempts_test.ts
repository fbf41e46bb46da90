/**
 * The login limits played by an attacker: a guesser on one network, one spread over hundreds,
 * parallel guesses, and a session holder guessing the current password. Networks are posed with
 * X-Forwarded-For, which the test server believes from 127.0.0.1 (its trusted proxy).
 */
import assert from "node:assert/strict";
import { type ApiResponse, type TestApi, testApi } from "../testing/api.ts";
import { DEVICE_COOKIE } from "./device_cookie.ts";

const from = (ip: string, cookie?: string): HeadersInit => ({
  "X-Forwarded-For": ip,
  ...(cookie ? { Cookie: `${DEVICE_COOKIE}=${cookie}` } : {}),
});

const login = (api: TestApi, email: string, password: string, headers: HeadersInit) =>
  api.request("/auth/login", { method: "POST", json: { email, password }, headers });

/** The device cookie a successful login set. */
function deviceCookie(res: ApiResponse): string {
  assert.equal(res.status, 200);
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  assert.ok(line, "a device cookie");
  assert.match(line, /; HttpOnly/);
  assert.match(line, /; SameSite=Strict/);
  assert.match(line, /; Path=\/auth\/login/);
  return line.slice(DEVICE_COOKIE.length + 1).split(";")[0];
}

function assertTooMany(res: ApiResponse) {
  assert.equal(res.status, 429, JSON.stringify(res.body));
  assert.match(res.headers.get("Retry-After") ?? "", /^[1-9]\d*$/);
}

Deno.test("five failed logins from one network lock that network out, not the owner elsewhere", async () => {
  await using api = await testApi();
  const { user, password } = await api.createUser();
  for (let i = 0; i < 5; i++) {
    assert.equal((await login(api, user.email, `guess ${i}`, from("203.0.113.66"))).status, 401);
  }
  assertTooMany(await login(api, user.email, password, from("203.0.113.66")));
  assert.equal((await login(api, user.email, password, from("198.51.100.20"))).status, 200);
});

Deno.test("a guesser on 200 networks stops new browsers, while the owner's known browser logs in", async () => {
  await using api = await testApi({ LOGIN_QUEUE_MAX: "50" });
  const { user, password } = await api.createUser();
  const known = deviceCookie(await login(api, user.email, password, from("198.51.100.20")));
  const statuses: number[] = [];
  for (let batch = 0; batch < 200; batch += 20) {
    const guesses = Array.from({ length: 20 }, (_, i) => {
      const n = batch + i;
      return login(api, user.email, `guess ${n}`, from(`10.${n >> 8}.${n & 255}.1`));
    });
    statuses.push(...(await Promise.all(guesses)).map((res) => res.status));
  }
  assert.equal(statuses.filter((s) => s === 401).length, 100); // RATE_LIMIT_LOGIN_ACCOUNT
  assert.equal(statuses.filter((s) => s === 429).length, 100);
  assertTooMany(await login(api, user.email, password, from("192.0.2.1")));
  assert.equal((await login(api, user.email, password, from("192.0.2.1", known))).status, 200);
  // Once known, that browser stays known: its next login is not counted against the account.
  assert.equal((await login(api, user.email, password, from("192.0.2.1", known))).status, 200);
});

Deno.test("a device cookie that keeps failing is locked itself, and other browsers are not", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_DEVICE: "3/15m" });
  const { user, password } = await api.createUser();
  const stolen = deviceCookie(await login(api, user.email, password, from("198.51.100.20")));
  for (let i = 0; i < 3; i++) {
    const res = await login(api, user.email, `guess ${i}`, from("203.0.113.66", stolen));
    assert.equal(res.status, 401);
  }
  assertTooMany(await login(api, user.email, password, from("203.0.113.66", stolen)));
  assertTooMany(await login(api, user.email, password, from("198.51.100.20", stolen)));
  assert.equal((await login(api, user.email, password, from("198.51.100.20"))).status, 200);
});

Deno.test("a device cookie of another account, forged or altered, counts as no cookie", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_ACCOUNT: "2/1h" });
  const victim = await api.createUser();
  const mallory = await api.createUser();
  const own = deviceCookie(
    await login(api, mallory.user.email, mallory.password, from("10.0.0.1")),
  );
  const [id, device, expires, signature] = own.split(".");
  const cookies = [
    own,
    `${victim.user.id}.${device}.${expires}.${signature}`,
    `${id}.${device}.${Number(expires) + 1}.${signature}`,
    "garbage",
  ];
  const statuses = [];
  for (const [i, cookie] of cookies.entries()) {
    const res = await login(api, victim.user.email, "guess", from(`10.0.1.${i}`, cookie));
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, [401, 401, 429, 429]);
});

Deno.test("30 parallel guesses are reserved before bcrypt and count as 30", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_IP: "1000/1m", LOGIN_QUEUE_MAX: "100" });
  const { user } = await api.createUser();
  const guesses = Array.from(
    { length: 30 },
    (_, i) => login(api, user.email, `guess ${i}`, from("203.0.113.30")),
  );
  const statuses = (await Promise.all(guesses)).map((res) => res.status);
  assert.equal(statuses.filter((s) => s === 401).length, 5, String(statuses));
  assert.equal(statuses.filter((s) => s === 429).length, 25, String(statuses));
  const rows = await api.db.sql`
    select hits from rate_limits where name = 'loginAccountNetwork'`;
  assert.deepEqual(rows.map((row) => row.hits), [30]);
  const [{ failed }] = await api.db.sql`
    select count(*)::int as failed from audit_events where action = 'auth.login_failed'`;
  assert.equal(failed, 5);
});

Deno.test("IPv6 clients are limited per /64: another address in it is no fresh allowance", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_IP: "3/1m", RATE_LIMIT_REGISTER_IP: "2/1h" });
  for (let i = 1; i <= 3; i++) {
    assert.equal(
      (await login(api, `n${i}@example.com`, "x", from(`2001:db8:1:2::${i}`))).status,
      401,
    );
  }
  assertTooMany(await login(api, "n4@example.com", "x", from("2001:db8:1:2:ffff::4")));
  assert.equal((await login(api, "n5@example.com", "x", from("2001:db8:1:3::1"))).status, 401);

  const register = (n: number, ip: string) =>
    api.request("/auth/register", {
      method: "POST",
      json: { username: `six${n}`, email: `six${n}@example.com`, password: "a fine password" },
      headers: from(ip),
    });
  assert.equal((await register(1, "2001:db8:9:9::1")).status, 201);
  assert.equal((await register(2, "2001:db8:9:9::2")).status, 201);
  assertTooMany(await register(3, "2001:db8:9:9:abcd::3"));
});
