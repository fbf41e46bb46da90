/** REQUIRE_ADMIN_MFA: an admin without a second factor is sent to set one up first. */
import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { testApi } from "../testing/api.ts";
import { mailsTo } from "../testing/outbox.ts";
import { enrolTotp } from "./testing.ts";

Deno.test("REQUIRE_ADMIN_MFA defaults to on in production only", () => {
  const base = { DATABASE_URL: "postgres://u@localhost:5432/db" };
  assert.equal(loadConfig({ ...base, APP_ENV: "test" }).mfa.requireAdminMfa, false);
  const production = {
    ...base,
    APP_ENV: "production",
    SECRET_KEY: "Zq4v9Lk2Xw7Rt1Yp8Mn3Bc6Hd0Fg5Js-",
    SMTP_URL: "smtp://relay:25",
  };
  assert.equal(loadConfig(production).mfa.requireAdminMfa, true);
  assert.equal(
    loadConfig({ ...production, REQUIRE_ADMIN_MFA: "false" }).mfa.requireAdminMfa,
    false,
  );
  assert.equal(loadConfig({ ...base, APP_ENV: "test" }).mfa.stepUpMaxAge, 600);
  assert.throws(() => loadConfig({ ...base, STEP_UP_MAX_AGE: "soon" }), /STEP_UP_MAX_AGE/);
});

Deno.test("an admin without a factor gets 403 mfa_enrollment_required, then enrols", async () => {
  await using api = await testApi({ REQUIRE_ADMIN_MFA: "true" });
  const admin = await api.createUser({ admin: true });
  const user = await api.createUser();
  const token = admin.token;
  const attempts = [
    api.request("/audit", { token }),
    api.request("/mail?status=failed", { token }),
    api.request("/users", {
      method: "POST",
      token,
      json: { username: "newbie", email: "newbie@example.com", password: "a long passphrase" },
    }),
    api.request(`/users/${user.user.id}`, { method: "PATCH", token, json: { active: false } }),
    api.request(`/users/${user.user.id}`, { method: "DELETE", token }),
    api.request(`/users/${user.user.id}/password-reset`, { method: "POST", token }),
  ];
  for (const res of await Promise.all(attempts)) {
    assert.equal(res.status, 403);
    assert.equal(res.body.reason, "mfa_enrollment_required");
  }
  // Their own account stays open, so they can enrol.
  assert.equal((await api.request("/auth/status", { token })).status, 200);
  await enrolTotp(api, admin);
  assert.equal((await api.request("/audit", { token })).status, 200);
  // Users who are not admins are not asked.
  assert.equal(
    (await api.request("/auth/mfa/totp", { method: "POST", token: user.token })).status,
    200,
  );
});

Deno.test("without REQUIRE_ADMIN_MFA an admin without a factor may act", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  assert.equal((await api.request("/audit", { token: admin.token })).status, 200);
});

Deno.test("admins see whether a user has a factor and can reset them, never read them", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const user = await api.createUser();
  const plain = await api.createUser();
  const enrolled = await enrolTotp(api, user);
  const seen = await api.request(`/users/${user.user.id}/factors`, { token: admin.token });
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.body.data, {
    totp: true,
    recovery_codes_left: 10,
    passkeys: [],
    methods: ["totp", "recovery_code"],
  });
  assert.ok(!JSON.stringify(seen.body).includes(enrolled.secret));
  const forbidden = await api.request(`/users/${user.user.id}/factors`, { token: plain.token });
  assert.equal(forbidden.status, 403);
  const missing = await api.request(`/users/999999/factors`, {
    method: "DELETE",
    token: admin.token,
  });
  assert.equal(missing.status, 404);
  const reset = await api.request(`/users/${user.user.id}/factors`, {
    method: "DELETE",
    token: admin.token,
  });
  assert.equal(reset.status, 200);
  assert.equal((await api.request("/auth/status", { token: user.token })).status, 401);
  const after = await api.request(`/users/${user.user.id}/factors`, { token: admin.token });
  assert.deepEqual(after.body.data, {
    totp: false,
    recovery_codes_left: 0,
    passkeys: [],
    methods: [],
  });
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.user.email, password: user.password },
  });
  assert.equal(typeof login.body.auth_token, "string", "a password login again");
  const [event] = await api.db.sql`
    select actor_id, target_id, detail from audit_events where action = 'admin.mfa_reset'`;
  assert.deepEqual(event, {
    actor_id: admin.user.id,
    target_id: user.user.id,
    detail: { totp: true, passkeys: 0, sessions_revoked: 1 },
  });
  const [notice] = await mailsTo(api, user.user.email, "second_factor_changed").then((m) =>
    m.filter((mail) => /administrator/.test(mail.body_text))
  );
  assert.ok(notice, "the owner is told");
});
