/** The login's second step: codes, recovery codes, the mfa_token's limits, and what it leaves. */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { testApi } from "../testing/api.ts";
import { enrolTotp, logInPassword, verifyCode } from "./testing.ts";
import { codeAt } from "./totp.ts";

const cookieNames = (res: { headers: Headers }) =>
  res.headers.getSetCookie().map((c) => c.split("=")[0]);

function refreshCookie(res: { headers: Headers }): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith("refresh_token="));
  assert.ok(found);
  return found.split(";")[0];
}

Deno.test("the password step of an account with a factor starts no session", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await enrolTotp(api, me);
  const res = await logInPassword(api, me);
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.message, "Second factor required.");
  assert.deepEqual(res.body.methods, ["totp", "recovery_code"]);
  assert.equal(typeof res.body.mfa_token, "string");
  assert.equal(res.body.auth_token, undefined);
  assert.deepEqual(cookieNames(res), []);
  const [{ count }] = await api.db.sql`
    select count(*)::int as count from sessions where user_id = ${me.user.id}`;
  assert.equal(count, 1, "only the fixture's session");
  // A wrong password is still the plain 401.
  const wrong = await api.request("/auth/login", {
    method: "POST",
    json: { email: me.user.email, password: "wrong" },
  });
  assert.equal(wrong.status, 401);
});

Deno.test("a TOTP code completes the login: session, cookies, amr and auth_time, once", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const first = await logInPassword(api, me);
  const res = await verifyCode(api, first.body.mfa_token, enrolled.nextCode);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(cookieNames(res).sort(), ["login_device", "refresh_token"]);
  const claims = decodeJwt(res.body.auth_token);
  assert.deepEqual(claims.amr, ["pwd", "otp"]);
  assert.ok(Math.abs((claims.auth_time as number) - Date.now() / 1000) < 60);
  assert.equal((await api.request("/auth/status", { token: res.body.auth_token })).status, 200);
  // The session remembers: a refresh keeps the amr.
  const refreshed = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: refreshCookie(res) },
  });
  assert.equal(refreshed.status, 200);
  assert.deepEqual(decodeJwt(refreshed.body.auth_token).amr, ["pwd", "otp"]);
  assert.equal(decodeJwt(refreshed.body.auth_token).auth_time, claims.auth_time);
  // The token is single use.
  const again = await verifyCode(api, first.body.mfa_token, enrolled.nextCode);
  assert.equal(again.status, 401);
  assert.equal(again.body.reason, "mfa_token_invalid");
  const [event] = await api.db.sql`
    select detail from audit_events where action = 'auth.login' and actor_id = ${me.user.id}`;
  assert.deepEqual(event.detail, { amr: ["pwd", "otp"], method: "totp" });
});

Deno.test("a password-only login's token says amr pwd", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const res = await logInPassword(api, me);
  assert.deepEqual(decodeJwt(res.body.auth_token).amr, ["pwd"]);
});

Deno.test("a code's time step is accepted once: the confirming code and a used code are refused", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const now = Date.now();
  const enrolled = await enrolTotp(api, me);
  const login = await logInPassword(api, me);
  // The enrolment's confirming code (its step is spent).
  const replay = await verifyCode(api, login.body.mfa_token, codeAt(enrolled.secret, now));
  assert.equal(replay.status, 400);
  assert.equal(replay.body.errors[0].field, "code");
  assert.equal((await verifyCode(api, login.body.mfa_token, enrolled.nextCode)).status, 200);
  const second = await logInPassword(api, me);
  const used = await verifyCode(api, second.body.mfa_token, enrolled.nextCode);
  assert.equal(used.status, 400);
});

Deno.test("two logins racing with one code: exactly one gets in", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const a = await logInPassword(api, me);
  const b = await logInPassword(api, me);
  const answers = await Promise.all([
    verifyCode(api, a.body.mfa_token, enrolled.nextCode),
    verifyCode(api, b.body.mfa_token, enrolled.nextCode),
  ]);
  assert.deepEqual(answers.map((r) => r.status).sort(), [200, 400]);
});

Deno.test("a recovery code logs in once; case, spaces and hyphens are forgiven", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const { recoveryCodes } = await enrolTotp(api, me);
  const typed = recoveryCodes[3].toUpperCase().replaceAll("-", " ");
  const first = await logInPassword(api, me);
  const res = await verifyCode(api, first.body.mfa_token, typed);
  assert.equal(res.status, 200);
  assert.deepEqual(decodeJwt(res.body.auth_token).amr, ["pwd", "otp"]);
  const second = await logInPassword(api, me);
  assert.equal((await verifyCode(api, second.body.mfa_token, recoveryCodes[3])).status, 400);
  assert.equal((await verifyCode(api, second.body.mfa_token, recoveryCodes[4])).status, 200);
  const factors = await api.request("/auth/mfa", { token: res.body.auth_token });
  assert.equal(factors.body.data.recovery_codes_left, 8);
});

Deno.test("the mfa_token expires after 5 minutes", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const login = await logInPassword(api, me);
  const [row] = await api.db.sql`
    select extract(epoch from expires_at - created_at)::int as ttl from mfa_challenges`;
  assert.equal(row.ttl, 300);
  await api.db.sql`update mfa_challenges set expires_at = now() - interval '1 second'`;
  const late = await verifyCode(api, login.body.mfa_token, enrolled.nextCode);
  assert.equal(late.status, 401);
  assert.equal(late.body.reason, "mfa_token_invalid");
});

Deno.test("the mfa_token dies after 5 wrong codes, even for a right one after", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const login = await logInPassword(api, me);
  const wrong = enrolled.nextCode === "000000" ? "999999" : "000000";
  for (let i = 0; i < 5; i++) {
    assert.equal((await verifyCode(api, login.body.mfa_token, wrong)).status, 400);
  }
  const sixth = await verifyCode(api, login.body.mfa_token, enrolled.nextCode);
  assert.equal(sixth.status, 401);
  assert.equal((await verifyCode(api, "not a token", enrolled.nextCode)).status, 401);
});

Deno.test("wrong codes count against the login limits of the account and network", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "3/15m" });
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const ip = { "X-Forwarded-For": "203.0.113.7" };
  const login = await logInPassword(api, me, ip);
  assert.equal(login.status, 200);
  const wrong = enrolled.nextCode === "000000" ? "999999" : "000000";
  for (let i = 0; i < 3; i++) {
    assert.equal((await verifyCode(api, login.body.mfa_token, wrong, ip)).status, 400);
  }
  const limited = await verifyCode(api, login.body.mfa_token, enrolled.nextCode, ip);
  assert.equal(limited.status, 429);
  assert.match(limited.headers.get("Retry-After") ?? "", /^\d+$/);
  // A fresh password step from that network is refused too; the owner elsewhere is not.
  assert.equal((await logInPassword(api, me, ip)).status, 429);
  const elsewhere = await logInPassword(api, me, { "X-Forwarded-For": "198.51.100.9" });
  assert.equal(elsewhere.status, 200);
  assert.equal((await verifyCode(api, elsewhere.body.mfa_token, enrolled.nextCode)).status, 200);
});

Deno.test("an account disabled between the two steps is refused", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const login = await logInPassword(api, me);
  await api.db.sql`update users set active = false where id = ${me.user.id}`;
  // An operator's SQL reaches each process's auth cache by NOTIFY; the barrier waits for it.
  await api.deps.authCache.barrier();
  assert.equal((await verifyCode(api, login.body.mfa_token, enrolled.nextCode)).status, 403);
});

Deno.test("audit events never contain a secret, a code or an mfa_token", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const login = await logInPassword(api, me);
  await verifyCode(api, login.body.mfa_token, "000001");
  await verifyCode(api, login.body.mfa_token, enrolled.recoveryCodes[0].toUpperCase());
  const next = await logInPassword(api, me);
  const signedIn = await verifyCode(api, next.body.mfa_token, enrolled.nextCode);
  const token = signedIn.body.auth_token;
  const regenerated = await api.request("/auth/mfa/recovery-codes", { method: "POST", token });
  await api.request("/auth/mfa/totp", {
    method: "DELETE",
    token,
    json: { current_password: me.password },
  });
  const events = await api.db.sql`select action, detail, changes from audit_events`;
  const actions = events.map((e) => e.action);
  for (
    const action of [
      "auth.mfa_enabled",
      "auth.mfa_failed",
      "auth.recovery_codes_regenerated",
      "auth.mfa_disabled",
    ]
  ) {
    assert.ok(actions.includes(action), action);
  }
  const dump = JSON.stringify(events).toLowerCase();
  const secrets = [
    enrolled.secret,
    enrolled.nextCode,
    "000001",
    login.body.mfa_token,
    next.body.mfa_token,
    ...enrolled.recoveryCodes,
    ...regenerated.body.data.recovery_codes,
  ];
  for (const secret of secrets) {
    assert.ok(!dump.includes(secret.toLowerCase()), `audit holds ${secret}`);
    assert.ok(!dump.includes(secret.toLowerCase().replaceAll("-", "")), `audit holds ${secret}`);
  }
});

Deno.test("POST /auth/mfa/verify names the bad field", async () => {
  await using api = await testApi();
  for (
    const [json, field] of [
      [{ code: "123456" }, "mfa_token"],
      [{ mfa_token: "x" }, "code"],
      [{ mfa_token: 1, code: "123456" }, "mfa_token"],
      [{ mfa_token: "x", code: "12\u0000456" }, "code"],
    ] as const
  ) {
    const res = await api.request("/auth/mfa/verify", { method: "POST", json });
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.errors[0].field, field);
  }
});
