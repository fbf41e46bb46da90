/** The flows' mails arriving over real SMTP, with links that work. */
import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { tokenIn } from "../testing/outbox.ts";

Deno.test("registration's verification mail arrives over SMTP and its link verifies the address", async () => {
  await using api = await testApi({ PUBLIC_URL: "https://users.example.org" }, {
    withMail: true,
  });
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: "grace", email: "grace@example.com", password: "a long passphrase" },
  });
  assert.equal(res.status, 201);
  const mail = await api.mail.next("grace@example.com");
  assert.match(mail.subject, /Confirm your email address/);
  assert.match(mail.text, /https:\/\/users\.example\.org\/verify-email#token=/);
  const token = tokenIn(mail.text);
  assert.ok(mail.html.includes(`verify-email#token=${token}`), "the HTML part has the link too");
  const verified = await api.request("/auth/email/verify", { method: "POST", json: { token } });
  assert.equal(verified.status, 200);
  const [outbox] = await api.db.sql`
    select body_text from mail_outbox where recipient = 'grace@example.com'`;
  assert.equal(outbox.body_text, null, "the token left the outbox with the delivered body");
});

Deno.test("forgot → the reset mail arrives → its link sets the password → the notice arrives", async () => {
  await using api = await testApi({}, { withMail: true });
  const me = await api.createUser();
  const asked = await api.request("/auth/password/forgot", {
    method: "POST",
    json: { email: me.user.email },
  });
  assert.equal(asked.status, 202);
  const mail = await api.mail.next(me.user.email);
  assert.match(mail.subject, /Reset your password/);
  const reset = await api.request("/auth/password/reset", {
    method: "POST",
    json: { token: tokenIn(mail.text), password: "a brand new passphrase" },
  });
  assert.equal(reset.status, 200);
  const notice = await api.mail.next(me.user.email);
  assert.match(notice.subject, /Your password was changed/);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: me.user.email, password: "a brand new passphrase" },
  });
  assert.equal(login.status, 200);
  assert.match((await api.mail.next(me.user.email)).subject, /New sign-in/);
});

Deno.test("an email change: the link arrives at the new inbox, the notices at the old one", async () => {
  await using api = await testApi({}, { withMail: true });
  const me = await api.createUser();
  const res = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { email: "new@example.com", current_password: me.password },
  });
  assert.equal(res.status, 202);
  const link = await api.mail.next("new@example.com");
  assert.match(link.subject, /Confirm your new email address/);
  assert.match((await api.mail.next(me.user.email)).text, /new@example\.com/);
  const verified = await api.request("/auth/email/verify", {
    method: "POST",
    json: { token: tokenIn(link.text) },
  });
  assert.equal(verified.status, 200);
  const changed = await api.mail.next(me.user.email);
  assert.match(changed.subject, /email address was changed/);
});
