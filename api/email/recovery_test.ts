/** Forgotten passwords: the request that tells nothing, and the reset that takes back the account. */
import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";
import { mailsTo, tokenMailedTo } from "../testing/outbox.ts";

const forgot = (api: TestApi, email: string) =>
  api.request("/auth/password/forgot", { method: "POST", json: { email } });
const reset = (api: TestApi, token: string, password = "my brand new passphrase") =>
  api.request("/auth/password/reset", { method: "POST", json: { token, password } });
const login = (api: TestApi, email: string, password: string) =>
  api.request("/auth/login", { method: "POST", json: { email, password } });

Deno.test("POST /auth/password/forgot answers the same 202 for known and unknown addresses; only the known one gets a link", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const known = await forgot(api, me.user.email);
  const unknown = await forgot(api, "nobody@example.com");
  assert.equal(known.status, 202);
  assert.deepEqual(known.body, unknown.body);
  assert.deepEqual(known.body, {
    status: "success",
    message: "If that address has an account, a reset link is on its way.",
  });
  const [mail] = await mailsTo(api, me.user.email, "password_reset");
  assert.match(mail.body_text, /http:\/\/localhost:8080\/reset-password#token=/);
  assert.equal((await mailsTo(api, "nobody@example.com")).length, 0);
  const events = await api.db.sql`
    select target_id, detail->>'sent' as sent from audit_events
    where action = 'auth.password_reset_requested'
    order by target_id nulls last`;
  assert.deepEqual(
    events.map((e) => [e.target_id && Number(e.target_id), e.sent]),
    [[me.user.id, "true"], [null, "false"]],
  );
});

Deno.test("a reset sets the password, ends every session, verifies the address and sends a notice", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await api.createUser();
  await forgot(api, me.user.email);
  const token = await tokenMailedTo(api, me.user.email, "password_reset");

  const res = await reset(api, token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await api.request("/auth/status", { token: me.token })).status, 401);
  assert.equal((await api.request("/auth/status", { token: other.token })).status, 200);
  assert.equal((await login(api, me.user.email, me.password)).status, 401);
  assert.equal((await login(api, me.user.email, "my brand new passphrase")).status, 200);
  const [row] = await api.db.sql`select email_verified_at from users where id = ${me.user.id}`;
  assert.ok(row.email_verified_at);
  assert.equal((await mailsTo(api, me.user.email, "password_changed")).length, 1);
  assertInvalid(await reset(api, token, "yet another passphrase")); // reused
  const [event] = await api.db.sql`
    select actor_id, detail from audit_events where action = 'auth.password_reset'`;
  assert.equal(Number(event.actor_id), me.user.id);
  assert.ok(!JSON.stringify(event.detail).includes(token.split(".")[1]));
});

Deno.test("a new password that breaks a rule is a 400 on password and does not spend the link", async () => {
  await using api = await testApi();
  const me = await api.createUser({ username: "ada" });
  await forgot(api, me.user.email);
  const token = await tokenMailedTo(api, me.user.email, "password_reset");
  for (const password of ["short", "password123", "ada-is-my-name"]) {
    const res = await reset(api, token, password);
    assert.equal(res.status, 400, password);
    assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field), ["password"]);
  }
  assert.equal((await reset(api, token)).status, 200);
});

Deno.test("a reset link expires after an hour", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await forgot(api, me.user.email);
  const token = await tokenMailedTo(api, me.user.email, "password_reset");
  await api.db.sql`update email_tokens set expires_at = now() - interval '1 second'`;
  assertInvalid(await reset(api, token));
  assert.equal((await login(api, me.user.email, me.password)).status, 200);
});

Deno.test("a newer reset link supersedes the older one", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await api.createUser();
  await forgot(api, me.user.email);
  const first = await tokenMailedTo(api, me.user.email, "password_reset");
  await forgot(api, me.user.email);
  const second = await tokenMailedTo(api, me.user.email, "password_reset");
  assertInvalid(await reset(api, first));
  assert.equal((await reset(api, second)).status, 200);
});

Deno.test("two resets with one link at once: exactly one wins", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await forgot(api, me.user.email);
  const token = await tokenMailedTo(api, me.user.email, "password_reset");
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, n) => reset(api, token, `racing passphrase number ${n}`)),
  );
  const statuses = results.map((res) => res.status).sort();
  assert.deepEqual(statuses, [200, 400, 400, 400, 400]);
  const winner = results.findIndex((res) => res.status === 200);
  assert.equal(
    (await login(api, me.user.email, `racing passphrase number ${winner}`)).status,
    200,
  );
  assert.equal((await mailsTo(api, me.user.email, "password_changed")).length, 1);
});

Deno.test("5 wrong verifiers kill a reset link", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await forgot(api, me.user.email);
  const token = await tokenMailedTo(api, me.user.email, "password_reset");
  const [selector] = token.split(".");
  for (let n = 0; n < 5; n++) assertInvalid(await reset(api, `${selector}.${"x".repeat(42)}${n}`));
  assertInvalid(await reset(api, token));
});

Deno.test("disabled accounts get no reset link; the answer is the same", async () => {
  await using api = await testApi();
  const me = await api.createUser({ active: false });
  const res = await forgot(api, me.user.email);
  assert.equal(res.status, 202);
  assert.equal((await mailsTo(api, me.user.email)).length, 0);
});

Deno.test("admins can mail a user a reset link; others may not", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const user = await api.createUser();
  const send = (id: number, token: string) =>
    api.request(`/users/${id}/password-reset`, { method: "POST", token });
  assert.equal((await send(admin.user.id, user.token)).status, 403);
  assert.equal((await send(999_999, admin.token)).status, 404);
  const res = await send(user.user.id, admin.token);
  assert.equal(res.status, 202);
  const again = await send(user.user.id, admin.token);
  assert.equal(again.status, 429, "the address's interval holds for admins too");
  const token = await tokenMailedTo(api, user.user.email, "password_reset");
  assert.equal((await reset(api, token)).status, 200);
  const [event] = await api.db.sql`
    select actor_id, target_id from audit_events where action = 'admin.password_reset_sent'`;
  assert.deepEqual([Number(event.actor_id), Number(event.target_id)], [
    admin.user.id,
    user.user.id,
  ]);
});

Deno.test("the mail's link goes to PUBLIC_URL's reset page with the token in the fragment only", async () => {
  await using api = await testApi({ PUBLIC_URL: "https://users.example.org" });
  const me = await api.createUser();
  await forgot(api, me.user.email);
  const [mail] = await mailsTo(api, me.user.email, "password_reset");
  const url = /https:\/\/users\.example\.org\/\S+/.exec(mail.body_text)![0];
  const parsed = new URL(url);
  assert.equal(parsed.pathname, "/reset-password");
  assert.equal(parsed.search, "");
  assert.match(parsed.hash, /^#token=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
});

function assertInvalid(res: { status: number; body: Record<string, unknown> }) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.reason, "invalid_token");
}
