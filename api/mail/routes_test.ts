import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { queueMail } from "./outbox.ts";
import { eventually, settled, testMail } from "./testing.ts";

Deno.test("GET /mail?status=failed shows admins the mail that could not be delivered", async () => {
  await using api = await testApi({}, {
    withMail: true,
    rejectRecipient: (address) => address.startsWith("gone"),
  });
  const admin = await api.createUser({ admin: true });
  const user = await api.createUser();
  await api.deps.sql.begin(async (tx) => {
    await queueMail(tx, {
      ...testMail("gone@example.com", "sel.never-shown"),
      userId: user.user.id,
    });
    await queueMail(tx, testMail("here@example.com"));
    await queueMail(tx, testMail("gone-too@example.com"));
  });
  await api.mail.next("here@example.com");
  await eventually("the outbox settles", () => settled(api.db.sql));

  const failed = await api.request("/mail?status=failed", { token: admin.token });
  assert.equal(failed.status, 200);
  const mails = failed.body.data.mails;
  assert.deepEqual(mails.map((mail: { to: string }) => mail.to), [
    "gone-too@example.com",
    "gone@example.com",
  ]);
  const [, gone] = mails;
  assert.equal(gone.kind, "verify_email");
  assert.equal(gone.user_id, user.user.id);
  assert.equal(gone.status, "failed");
  assert.equal(gone.attempts, 1);
  assert.match(gone.last_error, /550/);
  assert.ok(gone.failed_at);
  // No body, and so no token, ever leaves through this list.
  assert.ok(!JSON.stringify(failed.body).includes("sel.never-shown"));

  const sent = await api.request("/mail?status=sent", { token: admin.token });
  assert.deepEqual(sent.body.data.mails.map((mail: { to: string }) => mail.to), [
    "here@example.com",
  ]);
  const all = await api.request("/mail", { token: admin.token });
  assert.equal(all.body.data.mails.length, 3);
});

Deno.test("GET /mail pages like the other lists", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  await api.deps.sql.begin(async (tx) => {
    for (let i = 0; i < 3; i++) await queueMail(tx, testMail(`m${i}@example.com`));
  });
  const first = await api.request("/mail?limit=2", { token: admin.token });
  assert.deepEqual(first.body.data.mails.map((mail: { to: string }) => mail.to), [
    "m2@example.com",
    "m1@example.com",
  ]);
  assert.equal(first.body.data.mails[0].status, "queued");
  const cursor = first.body.data.next_cursor;
  const second = await api.request(`/mail?limit=2&cursor=${cursor}`, { token: admin.token });
  assert.deepEqual(second.body.data.mails.map((mail: { to: string }) => mail.to), [
    "m0@example.com",
  ]);
  assert.equal(second.body.data.next_cursor, null);
  const bad = await api.request("/mail?status=lost", { token: admin.token });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].field, "status");
});

Deno.test("GET /mail is for admins only", async () => {
  await using api = await testApi();
  const user = await api.createUser();
  assert.equal((await api.request("/mail")).status, 401);
  assert.equal((await api.request("/mail", { token: user.token })).status, 403);
});

Deno.test("without SMTP_URL the API queues mail and sends nothing", async () => {
  await using api = await testApi();
  await api.deps.sql.begin((tx) => queueMail(tx, testMail("later@example.com")));
  const [row] = await api.db.sql`select status, attempts from mail_outbox`;
  assert.deepEqual({ ...row }, { status: "queued", attempts: 0 });
});
