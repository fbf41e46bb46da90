/**
 * Email verification, and the attacks on its links: replay, expiry, the wrong purpose, a
 * superseded link, guessing the verifier, and two uses at once.
 */
import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { mailsTo, tokenMailedTo } from "../testing/outbox.ts";

const verify = (api: Awaited<ReturnType<typeof testApi>>, token: string) =>
  api.request("/auth/email/verify", { method: "POST", json: { token } });

async function registered(api: Awaited<ReturnType<typeof testApi>>, name = "grace") {
  const email = `${name}@example.com`;
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: name, email, password: "a long passphrase" },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const [user] = await api.db.sql`select id from users where email = ${email}`;
  return { email, id: Number(user.id), token: res.body.auth_token as string };
}

function assertInvalid(res: { status: number; body: Record<string, unknown> }) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.reason, "invalid_token");
  assert.deepEqual((res.body.errors as { field: string }[]).map((e) => e.field), ["token"]);
}

async function verifiedAt(api: Awaited<ReturnType<typeof testApi>>, id: number) {
  const [row] = await api.db.sql`select email_verified_at from users where id = ${id}`;
  return row.email_verified_at as Date | null;
}

Deno.test("registration mails a verification link; following it verifies the address once", async () => {
  await using api = await testApi();
  const me = await registered(api);
  const [mail] = await mailsTo(api, me.email, "verify_email");
  assert.match(mail.body_text, /http:\/\/localhost:8080\/verify-email#token=/);
  const status = await api.request("/auth/status", { token: me.token });
  assert.equal(status.body.data.email_verified_at, null);

  const token = await tokenMailedTo(api, me.email, "verify_email");
  const res = await verify(api, token);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.data, { email: me.email, purpose: "verify" });
  assert.ok(await verifiedAt(api, me.id));
  const after = await api.request("/auth/status", { token: me.token });
  assert.match(after.body.data.email_verified_at, /Z$/);

  assertInvalid(await verify(api, token)); // reused
  const events = await api.db.sql`
    select action, detail::text from audit_events where target_id = ${me.id} order by id`;
  assert.ok(events.some((e) => e.action === "auth.email_verified"));
  for (const event of events) {
    assert.ok(!String(event.detail).includes(token.split(".")[1]), "no token in the trail");
  }
});

Deno.test("an expired verification link is refused and removed", async () => {
  await using api = await testApi();
  const me = await registered(api);
  const token = await tokenMailedTo(api, me.email, "verify_email");
  await api.db.sql`update email_tokens set expires_at = now() - interval '1 second'`;
  assertInvalid(await verify(api, token));
  assert.equal(await verifiedAt(api, me.id), null);
  const [{ count }] = await api.db.sql`select count(*)::int from email_tokens`;
  assert.equal(count, 0);
});

Deno.test("links live 24 hours (verification) and 1 hour (password reset)", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await registered(api);
  await api.request("/auth/password/forgot", { method: "POST", json: { email: me.email } });
  await api.deps.afterResponse.settled();
  const rows = await api.db.sql`
    select purpose, extract(epoch from expires_at - created_at)::int as seconds
    from email_tokens order by purpose`;
  assert.deepEqual(rows.map((r) => [r.purpose, r.seconds]), [
    ["password_reset", 3600],
    ["verify", 86400],
  ]);
});

Deno.test("a token for another purpose is refused there and still works where it belongs", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await registered(api);
  const verifyToken = await tokenMailedTo(api, me.email, "verify_email");
  await api.request("/auth/password/forgot", { method: "POST", json: { email: me.email } });
  const resetToken = await tokenMailedTo(api, me.email, "password_reset");

  assertInvalid(await verify(api, resetToken));
  assertInvalid(
    await api.request("/auth/password/reset", {
      method: "POST",
      json: { token: verifyToken, password: "another long passphrase" },
    }),
  );
  assert.equal((await verify(api, verifyToken)).status, 200);
  const reset = await api.request("/auth/password/reset", {
    method: "POST",
    json: { token: resetToken, password: "another long passphrase" },
  });
  assert.equal(reset.status, 200);
});

Deno.test("a newer link supersedes the older one", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await registered(api);
  const first = await tokenMailedTo(api, me.email, "verify_email");
  const resend = await api.request("/auth/email/resend", { method: "POST", token: me.token });
  assert.equal(resend.status, 202);
  const second = await tokenMailedTo(api, me.email, "verify_email");
  assert.notEqual(first, second);
  assertInvalid(await verify(api, first));
  assert.equal((await verify(api, second)).status, 200);
});

Deno.test("5 wrong verifiers for one selector kill the token; 4 do not", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await registered(api);
  const wrong = (token: string, n: number) => {
    const [selector, verifier] = token.split(".");
    const last = verifier.at(-1) === "A" ? "B" : "A";
    return `${selector}.${verifier.slice(0, -2)}${n}${last}`;
  };
  const first = await tokenMailedTo(api, me.email, "verify_email");
  for (let n = 0; n < 4; n++) assertInvalid(await verify(api, wrong(first, n)));
  assert.equal((await verify(api, first)).status, 200, "4 wrong guesses leave it working");

  await api.db.sql`update users set email_verified_at = null`;
  // An operator's SQL reaches each process's auth cache by NOTIFY; the barrier waits for it.
  await api.deps.authCache.barrier();
  await api.request("/auth/email/resend", { method: "POST", token: me.token });
  const second = await tokenMailedTo(api, me.email, "verify_email");
  for (let n = 0; n < 5; n++) assertInvalid(await verify(api, wrong(second, n)));
  assertInvalid(await verify(api, second));
  assert.equal(await verifiedAt(api, me.id), null);
});

Deno.test("two uses of one link at once: exactly one wins", async () => {
  await using api = await testApi();
  const me = await registered(api);
  const token = await tokenMailedTo(api, me.email, "verify_email");
  const results = await Promise.all(Array.from({ length: 6 }, () => verify(api, token)));
  const statuses = results.map((res) => res.status).sort();
  assert.deepEqual(statuses, [200, 400, 400, 400, 400, 400]);
  const events = await api.db.sql`
    select count(*)::int as count from audit_events where action = 'auth.email_verified'`;
  assert.equal(events[0].count, 1);
});

Deno.test("malformed, unknown and oversized tokens are all the same 400", async () => {
  await using api = await testApi();
  for (const token of ["nope", "a".repeat(22) + "." + "b".repeat(43), "x.y.z"]) {
    assertInvalid(await verify(api, token));
  }
  const tooLong = await verify(api, "a".repeat(300));
  assert.equal(tooLong.status, 400);
  assert.deepEqual(tooLong.body.errors.map((e: { field: string }) => e.field), ["token"]);
});

Deno.test("a verification link for an address the account no longer has proves nothing", async () => {
  await using api = await testApi();
  const me = await registered(api);
  const admin = await api.createUser({ admin: true });
  const token = await tokenMailedTo(api, me.email, "verify_email");
  const moved = await api.request(`/users/${me.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { email: "elsewhere@example.com" },
  });
  assert.equal(moved.status, 200);
  assertInvalid(await verify(api, token));
  assert.equal(await verifiedAt(api, me.id), null);
});

Deno.test("POST /auth/email/resend: signed in without a body, or anonymous with the same 202 for any address", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const me = await registered(api);
  const verified = await api.createUser();
  await api.db.sql`update users set email_verified_at = now() where id = ${verified.user.id}`;
  await api.deps.authCache.barrier();

  const own = await api.request("/auth/email/resend", { method: "POST", token: me.token });
  assert.equal(own.status, 202);
  assert.equal((await mailsTo(api, me.email, "verify_email")).length, 2);

  const bodies = [];
  for (const email of [me.email, verified.user.email, "nobody@example.com"]) {
    const res = await api.request("/auth/email/resend", { method: "POST", json: { email } });
    assert.equal(res.status, 202);
    bodies.push(res.body);
  }
  assert.deepEqual(bodies[0], bodies[1]);
  assert.deepEqual(bodies[0], bodies[2]);
  assert.equal((await mailsTo(api, me.email, "verify_email")).length, 3);
  assert.equal((await mailsTo(api, verified.user.email)).length, 0, "already verified");
  assert.equal((await mailsTo(api, "nobody@example.com")).length, 0);

  const missing = await api.request("/auth/email/resend", { method: "POST", json: {} });
  assert.equal(missing.status, 400);
  const noBody = await api.request("/auth/email/resend", { method: "POST" });
  assert.equal(noBody.status, 400);
});

Deno.test("resending is limited per address (MAIL_RESEND_INTERVAL, then RATE_LIMIT_MAIL_ADDRESS) alike for unknown addresses", async () => {
  await using api = await testApi();
  const me = await registered(api);
  // Registration's own mail started the interval.
  for (const email of [me.email, "nobody@example.com"]) {
    const first = await api.request("/auth/email/resend", { method: "POST", json: { email } });
    const expected = email === me.email ? 429 : 202;
    assert.equal(first.status, expected, email);
    const again = await api.request("/auth/email/resend", { method: "POST", json: { email } });
    assert.equal(again.status, 429);
    const wait = Number(again.headers.get("Retry-After"));
    assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
  }
});

Deno.test("RATE_LIMIT_MAIL_ADDRESS caps mails to one address per window, whoever asks", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0", RATE_LIMIT_MAIL_ADDRESS: "3/1h" });
  const asks = [];
  for (let n = 0; n < 4; n++) {
    asks.push(
      (await api.request("/auth/password/forgot", {
        method: "POST",
        json: { email: "someone@example.com" },
      })).status,
    );
  }
  assert.deepEqual(asks, [202, 202, 202, 429]);
});

Deno.test("mail requests are limited per client network (RATE_LIMIT_MAIL_IP), across addresses", async () => {
  await using api = await testApi({ RATE_LIMIT_MAIL_IP: "3/1h" });
  const statuses = [];
  for (let n = 0; n < 4; n++) {
    const res = await api.request("/auth/password/forgot", {
      method: "POST",
      json: { email: `someone${n}@example.com` },
    });
    statuses.push(res.status);
    if (res.status === 429) assert.ok(Number(res.headers.get("Retry-After")) > 0);
  }
  assert.deepEqual(statuses, [202, 202, 202, 429]);
});

Deno.test("admins can send a user a new verification link; 409 once verified, 404 for nobody", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const admin = await api.createUser({ admin: true });
  const user = await api.createUser();
  const other = await api.createUser();
  const send = (id: number, token = admin.token) =>
    api.request(`/users/${id}/verification-email`, { method: "POST", token });
  assert.equal((await send(user.user.id, other.token)).status, 403);
  assert.equal((await send(user.user.id)).status, 202);
  const token = await tokenMailedTo(api, user.user.email, "verify_email");
  assert.equal((await verify(api, token)).status, 200);
  assert.equal((await send(user.user.id)).status, 409);
  assert.equal((await send(999_999)).status, 404);
  const [event] = await api.db.sql`
    select actor_id from audit_events where action = 'admin.verification_sent'`;
  assert.equal(Number(event.actor_id), admin.user.id);
});

Deno.test("the retention round deletes expired tokens and keeps live ones", async () => {
  await using api = await testApi({ MAIL_RESEND_INTERVAL: "0" });
  const { runRetention } = await import("../retention/job.ts");
  await registered(api, "one");
  await registered(api, "two");
  await api.db.sql`
    update email_tokens set expires_at = now() - interval '1 second'
    where email = 'one@example.com'`;
  const round = await runRetention(api.deps.sql, {
    sessionDays: 7,
    auditDays: 365,
    mailDays: 90,
    rateLimitSeconds: 7200,
  });
  assert.equal(round?.emailTokens, 1);
  const left = await api.db.sql`select email from email_tokens`;
  assert.deepEqual(left.map((r) => r.email), ["two@example.com"]);
});
