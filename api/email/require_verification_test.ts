/**
 * REQUIRE_EMAIL_VERIFICATION: registration must not tell whether an address has an account, and
 * an unverified account cannot log in.
 */
import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";
import { mailsTo, tokenMailedTo } from "../testing/outbox.ts";

const REQUIRED = { REQUIRE_EMAIL_VERIFICATION: "true" };
const register = (api: TestApi, username: string, email: string) =>
  api.request("/auth/register", {
    method: "POST",
    json: { username, email, password: "a long passphrase" },
  });

Deno.test("REQUIRE_EMAIL_VERIFICATION defaults to on in production only", async () => {
  const { loadConfig } = await import("../config.ts");
  const base = { DATABASE_URL: "postgres://u@localhost/db" };
  assert.equal(loadConfig({ ...base, APP_ENV: "development" }).requireEmailVerification, false);
  assert.equal(loadConfig({ ...base, APP_ENV: "test" }).requireEmailVerification, false);
  const production = loadConfig({
    ...base,
    APP_ENV: "production",
    SECRET_KEY: "0123456789abcdefghijklmnopqrstuvwxyzABCD",
    SMTP_URL: "smtp://localhost:25",
  });
  assert.equal(production.requireEmailVerification, true);
  assert.equal(
    loadConfig({ ...base, REQUIRE_EMAIL_VERIFICATION: "true" }).requireEmailVerification,
    true,
  );
  assert.throws(
    () => loadConfig({ ...base, REQUIRE_EMAIL_VERIFICATION: "maybe" }),
    /REQUIRE_EMAIL_VERIFICATION/,
  );
});

Deno.test("registration answers the same 202 without a session for a new and a taken address; the owner is told", async () => {
  await using api = await testApi(REQUIRED);
  const owner = await api.createUser({ email: "taken@example.com" });
  const fresh = await register(api, "newcomer", "new@example.com");
  const taken = await register(api, "intruder", "taken@example.com");
  for (const res of [fresh, taken]) {
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, {
      status: "success",
      message: "Check your email to finish registering.",
    });
    assert.equal(res.headers.get("Set-Cookie"), null, "no session, no device cookie");
  }
  assert.deepEqual((await mailsTo(api, "new@example.com")).map((m) => m.kind), ["verify_email"]);
  assert.deepEqual((await mailsTo(api, "taken@example.com")).map((m) => m.kind), [
    "email_taken_on_register",
  ]);
  const [{ count }] = await api.db.sql`select count(*)::int from sessions`;
  assert.equal(count, 1, "only the fixture's session");
  const [event] = await api.db.sql`
    select target_id from audit_events where action = 'auth.registration_email_taken'`;
  assert.equal(Number(event.target_id), owner.user.id);
  // A taken username is public anyway (the directory): it may still say so.
  const name = await register(api, owner.user.username, "another@example.com");
  assert.equal(name.status, 409);
});

Deno.test("an unverified account's login answers 403 email_unverified and sends nothing; verified, it logs in", async () => {
  await using api = await testApi(REQUIRED);
  await register(api, "grace", "grace@example.com");
  const login = () =>
    api.request("/auth/login", {
      method: "POST",
      json: { email: "grace@example.com", password: "a long passphrase" },
    });
  const refused = await login();
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.body, {
    status: "fail",
    message: "Verify your email address before logging in.",
    reason: "email_unverified",
  });
  assert.equal((await mailsTo(api, "grace@example.com")).length, 1, "the 403 mails nothing");
  const wrong = await api.request("/auth/login", {
    method: "POST",
    json: { email: "grace@example.com", password: "not the passphrase" },
  });
  assert.equal(wrong.status, 401, "the 403 only answers the right password");

  const token = await tokenMailedTo(api, "grace@example.com", "verify_email");
  const verified = await api.request("/auth/email/verify", { method: "POST", json: { token } });
  assert.equal(verified.status, 200);
  assert.equal((await login()).status, 200);
});

Deno.test("a password reset proves the address: an unverified account can log in after it", async () => {
  await using api = await testApi({ ...REQUIRED, MAIL_RESEND_INTERVAL: "0" });
  await register(api, "grace", "grace@example.com");
  await api.request("/auth/password/forgot", {
    method: "POST",
    json: { email: "grace@example.com" },
  });
  const token = await tokenMailedTo(api, "grace@example.com", "password_reset");
  const reset = await api.request("/auth/password/reset", {
    method: "POST",
    json: { token, password: "a newer long passphrase" },
  });
  assert.equal(reset.status, 200);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: "grace@example.com", password: "a newer long passphrase" },
  });
  assert.equal(login.status, 200);
});
