/**
 * Email changes: the profile form must not tell which addresses are registered, a stolen session
 * must not move the account without the new inbox, and both addresses hear of every change.
 */
import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";
import { mailsTo, tokenMailedTo } from "../testing/outbox.ts";

const change = (
  api: TestApi,
  me: { user: { id: number }; token: string; password: string },
  email: string,
) =>
  api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { email, current_password: me.password },
  });
const verify = (api: TestApi, token: string) =>
  api.request("/auth/email/verify", { method: "POST", json: { token } });

async function emailOf(api: TestApi, id: number): Promise<string> {
  const [row] = await api.db.sql`select email from users where id = ${id}`;
  return row.email;
}

Deno.test("a user's own email change answers the same 202 whether or not the address is taken", async () => {
  await using api = await testApi();
  const owner = await api.createUser({ email: "taken@example.com" });
  const me = await api.createUser();
  const you = await api.createUser();
  const free = await change(api, me, "free@example.com");
  const taken = await change(api, you, "taken@example.com");
  assert.equal(free.status, 202);
  assert.equal(taken.status, 202);
  assert.equal(free.body.message, taken.body.message);
  assert.deepEqual(
    Object.keys(free.body.data.user).sort(),
    Object.keys(taken.body.data.user).sort(),
  );

  // The free address gets a link; the taken one's owner a notice, and no link.
  assert.equal((await mailsTo(api, "free@example.com", "email_change_confirm")).length, 1);
  const toOwner = await mailsTo(api, "taken@example.com");
  assert.deepEqual(toOwner.map((m) => m.kind), ["email_change_taken_notice"]);
  assert.ok(!/#token=/.test(toOwner[0].body_text));
  // Both old addresses hear of the request.
  for (const old of [me.user.email, you.user.email]) {
    assert.deepEqual((await mailsTo(api, old)).map((m) => m.kind), [
      "email_change_requested_notice",
    ]);
  }
  // The requester's own activity reads the same either way.
  const details = await api.db.sql`
    select actor_id, detail from audit_events where action = 'user.email_change_requested'
    order by actor_id`;
  assert.deepEqual(
    details.map((e) => Object.keys(e.detail)),
    [["email"], ["email"]],
  );
  assert.equal(await emailOf(api, owner.user.id), "taken@example.com");
  assert.equal(await emailOf(api, you.user.id), you.user.email);
});

Deno.test("the address changes only when the new inbox's link is followed; the old address is told", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  assert.equal((await change(api, me, "new@example.com")).status, 202);
  assert.equal(await emailOf(api, me.user.id), me.user.email);
  const token = await tokenMailedTo(api, "new@example.com", "email_change_confirm");
  const res = await verify(api, token);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.data, { email: "new@example.com", purpose: "email_change" });
  assert.equal(await emailOf(api, me.user.id), "new@example.com");
  const [row] = await api.db.sql`select email_verified_at from users where id = ${me.user.id}`;
  assert.ok(row.email_verified_at, "the new address is proven");
  assert.deepEqual((await mailsTo(api, me.user.email)).map((m) => m.kind), [
    "email_change_requested_notice",
    "email_changed_notice",
  ]);
  assert.equal((await verify(api, token)).status, 400, "once");
  const [event] = await api.db.sql`
    select changes from audit_events where action = 'user.email_changed'`;
  assert.deepEqual(event.changes, { email: { old: me.user.email, new: "new@example.com" } });
});

Deno.test("an address taken between the request and the link answers 409 and moves nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await change(api, me, "contested@example.com");
  const token = await tokenMailedTo(api, "contested@example.com", "email_change_confirm");
  await api.createUser({ email: "contested@example.com" });
  const res = await verify(api, token);
  assert.equal(res.status, 409);
  assert.equal(await emailOf(api, me.user.id), me.user.email);
});

Deno.test("a newer email change supersedes the pending one", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await change(api, me, "first@example.com");
  const first = await tokenMailedTo(api, "first@example.com", "email_change_confirm");
  await change(api, me, "second@example.com");
  assert.equal((await verify(api, first)).status, 400);
  const second = await tokenMailedTo(api, "second@example.com", "email_change_confirm");
  assert.equal((await verify(api, second)).status, 200);
  assert.equal(await emailOf(api, me.user.id), "second@example.com");
});

Deno.test("a stolen session's pending email change dies when the owner resets or changes the password", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const victim = await api.createUser();
  // The thief has a session and the password, and asks to move the account to their inbox.
  await change(api, victim, "thief@example.com");
  const stolen = await tokenMailedTo(api, "thief@example.com", "email_change_confirm");
  await api.request("/auth/password/forgot", {
    method: "POST",
    json: { email: victim.user.email },
  });
  const reset = await tokenMailedTo(api, victim.user.email, "password_reset");
  const res = await api.request("/auth/password/reset", {
    method: "POST",
    json: { token: reset, password: "the owner's new passphrase" },
  });
  assert.equal(res.status, 200);
  assert.equal((await verify(api, stolen)).status, 400);
  assert.equal(await emailOf(api, victim.user.id), victim.user.email);

  const again = await api.createUser();
  await change(api, again, "thief2@example.com");
  const stolen2 = await tokenMailedTo(api, "thief2@example.com", "email_change_confirm");
  const changed = await api.request("/auth/password", {
    method: "PUT",
    token: again.token,
    json: { current_password: again.password, new_password: "the owner's new passphrase" },
  });
  assert.equal(changed.status, 200);
  assert.equal((await verify(api, stolen2)).status, 400);
});

Deno.test("after an email change, links mailed to the old address stop working", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await api.createUser();
  await api.request("/auth/password/forgot", { method: "POST", json: { email: me.user.email } });
  const reset = await tokenMailedTo(api, me.user.email, "password_reset");
  await change(api, me, "new@example.com");
  await verify(api, await tokenMailedTo(api, "new@example.com", "email_change_confirm"));
  const res = await api.request("/auth/password/reset", {
    method: "POST",
    json: { token: reset, password: "some other passphrase" },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.reason, "invalid_token");
});

Deno.test("an admin's change of someone's address applies at once, unverified, and both addresses hear of it", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  await api.db.sql`update users set email_verified_at = now() where id = ${target.user.id}`;
  // An operator's SQL reaches each process's auth cache by NOTIFY; the barrier waits for it.
  await api.deps.authCache.barrier();
  const res = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { email: "moved@example.com" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.data.user.email, "moved@example.com");
  assert.equal(res.body.data.user.email_verified_at, null);
  for (const address of [target.user.email, "moved@example.com"]) {
    const kinds = (await mailsTo(api, address)).map((m) => m.kind);
    assert.deepEqual(kinds, ["email_changed_notice"], address);
  }
});

Deno.test("email changes are limited per new address too (MAIL_RESEND_INTERVAL)", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const you = await api.createUser();
  assert.equal((await change(api, me, "wanted@example.com")).status, 202);
  const res = await change(api, you, "wanted@example.com");
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get("Retry-After")) > 0);
});
