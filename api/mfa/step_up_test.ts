/** Sensitive actions need a recent strong authentication, or a re-check. */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";
import { enrolTotp, logInPassword, verifyCode } from "./testing.ts";

/** The session logged in (or re-checked) `minutes` ago. */
async function age(api: TestApi, sessionId: string, minutes: number) {
  await api.db.sql`
    update sessions set auth_time = now() - ${minutes} * interval '1 minute'
    where id = ${sessionId}`;
}

const reauthenticate = (api: TestApi, token: string, json: unknown) =>
  api.request("/auth/mfa/reauthenticate", { method: "POST", token, json });

const changePassword = (api: TestApi, me: TestUser, token = me.token) =>
  api.request("/auth/password", {
    method: "PUT",
    token,
    json: { current_password: me.password, new_password: "a brand new passphrase" },
  });

Deno.test("a password change from a stale session needs a re-check with the password", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await age(api, me.sessionId, 11);
  const refused = await changePassword(api, me);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.reason, "step_up_required");
  const wrong = await reauthenticate(api, me.token, { current_password: "not it" });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.errors[0].field, "current_password");
  assert.equal(
    (await reauthenticate(api, me.token, { current_password: me.password })).status,
    200,
  );
  assert.equal((await changePassword(api, me)).status, 200);
});

Deno.test("STEP_UP_MAX_AGE sets how recent is recent", async () => {
  await using api = await testApi({ STEP_UP_MAX_AGE: "60" });
  const me = await api.createUser();
  await age(api, me.sessionId, 2);
  assert.equal((await changePassword(api, me)).status, 403);
});

Deno.test("with a factor, a password session must be stepped up with a code", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  // Enrolling proved a code in this session: it may regenerate codes at once.
  const at = (token: string) => api.request("/auth/mfa/recovery-codes", { method: "POST", token });
  assert.equal((await at(me.token)).status, 200);
  await age(api, me.sessionId, 11);
  const refused = await at(me.token);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.reason, "step_up_required");
  const password = await reauthenticate(api, me.token, { current_password: me.password });
  assert.equal(password.status, 400);
  assert.equal(password.body.errors[0].field, "code");
  const recheck = await reauthenticate(api, me.token, { code: enrolled.recoveryCodes[0] });
  assert.equal(recheck.status, 400, "the regenerated codes replaced it");
  assert.equal((await reauthenticate(api, me.token, { code: enrolled.nextCode })).status, 200);
  assert.equal((await at(me.token)).status, 200);
  const [event] = await api.db.sql`
    select detail from audit_events where action = 'auth.reauthenticated'`;
  assert.deepEqual(event.detail, { method: "totp" });
});

Deno.test("a login with password and code is strong: deleting the account goes through", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const enrolled = await enrolTotp(api, me);
  const login = await logInPassword(api, me);
  const signedIn = await verifyCode(api, login.body.mfa_token, enrolled.nextCode);
  const token = signedIn.body.auth_token;
  assert.deepEqual(decodeJwt(token).amr, ["pwd", "otp"]);
  // The enrolling session, stale by now, could not.
  await age(api, me.sessionId, 11);
  const stale = await api.request("/auth/account", {
    method: "DELETE",
    token: me.token,
    json: { current_password: me.password },
  });
  assert.equal(stale.body.reason, "step_up_required");
  const deleted = await api.request("/auth/account", {
    method: "DELETE",
    token,
    json: { current_password: me.password },
  });
  assert.equal(deleted.status, 200);
});

Deno.test("an admin's delete and demote, and one's own email change, need a recent login", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const other = await api.createUser({ admin: true });
  await age(api, admin.sessionId, 30);
  const del = await api.request(`/users/${other.user.id}`, {
    method: "DELETE",
    token: admin.token,
  });
  assert.equal(del.status, 403);
  assert.equal(del.body.reason, "step_up_required");
  const demote = await api.request(`/users/${other.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { admin: false },
  });
  assert.equal(demote.body.reason, "step_up_required");
  const email = await api.request(`/users/${admin.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { email: "elsewhere@example.com", current_password: admin.password },
  });
  assert.equal(email.body.reason, "step_up_required");
  // Renaming is not sensitive.
  const rename = await api.request(`/users/${admin.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "renamed" },
  });
  assert.equal(rename.status, 200);
  assert.equal(
    (await reauthenticate(api, admin.token, { current_password: admin.password })).status,
    200,
  );
  const again = await api.request(`/users/${other.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { admin: false },
  });
  assert.equal(again.status, 200);
});

Deno.test("re-check bodies are validated, and wrong answers are rate limited", async () => {
  await using api = await testApi({ RATE_LIMIT_REAUTH_USER: "2/15m" });
  const me = await api.createUser();
  const missing = await reauthenticate(api, me.token, {});
  assert.equal(missing.status, 400);
  assert.equal(missing.body.errors[0].field, "current_password");
  const typed = await reauthenticate(api, me.token, { current_password: 5 });
  assert.equal(typed.body.errors[0].field, "current_password");
  await reauthenticate(api, me.token, { current_password: "wrong 1" });
  await reauthenticate(api, me.token, { current_password: "wrong 2" });
  const limited = await reauthenticate(api, me.token, { current_password: me.password });
  assert.equal(limited.status, 429);
});
