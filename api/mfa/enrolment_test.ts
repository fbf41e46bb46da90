/** Setting up the authenticator app, its recovery codes, and turning it off. */
import assert from "node:assert/strict";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";
import { mailsTo } from "../testing/outbox.ts";
import { enrolTotp, logInPassword } from "./testing.ts";
import { codeAt } from "./totp.ts";

const factors = async (api: TestApi, me: TestUser) =>
  (await api.request("/auth/mfa", { token: me.token })).body.data;

async function otherSession(api: TestApi, me: TestUser): Promise<string> {
  const res = await logInPassword(api, me);
  assert.equal(res.status, 200);
  return res.body.auth_token;
}

Deno.test("enrolment: a secret, confirmed by a current code, gives 10 recovery codes", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  assert.deepEqual(await factors(api, me), {
    totp: false,
    recovery_codes_left: 0,
    passkeys: [],
    methods: [],
  });
  const started = await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  assert.equal(started.status, 200);
  const { secret, otpauth_url } = started.body.data;
  assert.equal(new URL(otpauth_url).searchParams.get("secret"), secret);
  // Pending until confirmed: not a factor yet.
  assert.equal((await factors(api, me)).totp, false);
  const wrong = await api.request("/auth/mfa/totp/confirm", {
    method: "POST",
    token: me.token,
    json: { code: codeAt(secret, Date.now() - 120_000) },
  });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.errors[0].field, "code");
  const confirmed = await api.request("/auth/mfa/totp/confirm", {
    method: "POST",
    token: me.token,
    json: { code: codeAt(secret) },
  });
  assert.equal(confirmed.status, 200);
  const codes: string[] = confirmed.body.data.recovery_codes;
  assert.equal(codes.length, 10);
  assert.deepEqual(await factors(api, me), {
    totp: true,
    recovery_codes_left: 10,
    passkeys: [],
    methods: ["totp", "recovery_code"],
  });
  // At rest: the secret sealed, the codes hashed.
  const [row] = await api.db.sql`select secret from totp_factors where user_id = ${me.user.id}`;
  assert.ok(!Buffer.from(row.secret).toString("latin1").includes(secret));
  const stored = await api.db.sql`select * from recovery_codes where user_id = ${me.user.id}`;
  const dump = JSON.stringify(stored);
  for (const code of codes) assert.ok(!dump.includes(code.replaceAll("-", "")));
  // A second enrolment is refused while one is on.
  const again = await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  assert.equal(again.status, 409);
});

Deno.test("turning the app on ends the other sessions and mails the security notice", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await otherSession(api, me);
  await enrolTotp(api, me);
  assert.equal((await api.request("/auth/status", { token: other })).status, 401);
  assert.equal((await api.request("/auth/status", { token: me.token })).status, 200);
  const notices = await mailsTo(api, me.user.email, "second_factor_changed");
  assert.equal(notices.length, 1);
  assert.match(notices[0].body_text, /authenticator app was set up/);
});

Deno.test("a confirming code's time step is never accepted again, even after re-enrolment", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const now = Date.now();
  const first = await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  const secret = first.body.data.secret;
  const confirm = (code: string) =>
    api.request("/auth/mfa/totp/confirm", { method: "POST", token: me.token, json: { code } });
  assert.equal((await confirm(codeAt(secret, now))).status, 200);
  const off = await api.request("/auth/mfa/totp", {
    method: "DELETE",
    token: me.token,
    json: { current_password: me.password },
  });
  assert.equal(off.status, 200);
  const second = await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  const fresh = second.body.data.secret;
  assert.notEqual(fresh, secret);
  // The new secret's code of the step already spent: refused.
  assert.equal((await confirm(codeAt(fresh, now))).status, 400);
  assert.equal((await confirm(codeAt(fresh, now + 30_000))).status, 200);
});

Deno.test("turning the app off needs the password or a current code", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const disable = (json: unknown) =>
    api.request("/auth/mfa/totp", { method: "DELETE", token: me.token, json });
  const none = await disable({});
  assert.equal(none.status, 400);
  assert.equal(none.body.errors[0].field, "current_password");
  const wrong = await disable({ current_password: "not my password" });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.errors[0].field, "current_password");
  const wrongCode = await disable({ code: "000000" === enrolled.nextCode ? "111111" : "000000" });
  assert.equal(wrongCode.status, 400);
  assert.equal(wrongCode.body.errors[0].field, "code");
  const other = await otherSession(api, me);
  assert.equal((await disable({ code: enrolled.nextCode })).status, 200);
  assert.deepEqual(await factors(api, me), {
    totp: false,
    recovery_codes_left: 0,
    passkeys: [],
    methods: [],
  });
  assert.equal((await api.request("/auth/status", { token: other })).status, 401);
  const kinds = (await mailsTo(api, me.user.email, "second_factor_changed")).map((m) =>
    /removed/.test(m.body_text) ? "off" : "on"
  );
  assert.deepEqual(kinds, ["on", "off"]);
  assert.equal((await disable({ current_password: me.password })).status, 409);
  // Logging in is one step again.
  const login = await logInPassword(api, me);
  assert.equal(login.status, 200);
  assert.equal(typeof login.body.auth_token, "string");
});

Deno.test("regenerating recovery codes replaces every one of them", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const none = await api.request("/auth/mfa/recovery-codes", { method: "POST", token: me.token });
  assert.equal(none.status, 409);
  const enrolled = await enrolTotp(api, me);
  const res = await api.request("/auth/mfa/recovery-codes", { method: "POST", token: me.token });
  assert.equal(res.status, 200);
  const fresh: string[] = res.body.data.recovery_codes;
  assert.equal(fresh.length, 10);
  assert.equal(fresh.filter((code) => enrolled.recoveryCodes.includes(code)).length, 0);
  assert.equal((await factors(api, me)).recovery_codes_left, 10);
  const [{ count }] = await api.db.sql`
    select count(*)::int as count from recovery_codes where user_id = ${me.user.id}`;
  assert.equal(count, 10);
});

Deno.test("wrong confirming codes count against RATE_LIMIT_REAUTH_USER", async () => {
  await using api = await testApi({ RATE_LIMIT_REAUTH_USER: "2/15m" });
  const me = await api.createUser();
  const started = await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  const secret = started.body.data.secret;
  const confirm = (code: string) =>
    api.request("/auth/mfa/totp/confirm", { method: "POST", token: me.token, json: { code } });
  const stale = codeAt(secret, Date.now() - 300_000);
  assert.equal((await confirm(stale)).status, 400);
  assert.equal((await confirm(stale)).status, 400);
  const limited = await confirm(codeAt(secret));
  assert.equal(limited.status, 429);
});

Deno.test("bad bodies get a 400 naming the field", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  for (const json of [{}, { code: 123456 }, { code: "" }, { code: "1".repeat(65) }]) {
    const res = await api.request("/auth/mfa/totp/confirm", {
      method: "POST",
      token: me.token,
      json,
    });
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.errors[0].field, "code");
  }
  const extra = await api.request("/auth/mfa/totp/confirm", {
    method: "POST",
    token: me.token,
    json: { code: "123456", secret: "x" },
  });
  assert.equal(extra.status, 400);
  const anonymous = await api.request("/auth/mfa/totp", { method: "POST" });
  assert.equal(anonymous.status, 401);
});
