import assert from "node:assert/strict";
import { createSql } from "../db.ts";
import { testDatabase } from "../testing/database.ts";
import { DELIVER_MAIL_TASK, type OutgoingMail, queueMail } from "./outbox.ts";

const mail: OutgoingMail = {
  kind: "verify_email",
  to: "ann@example.com",
  subject: "Confirm your email | Users",
  text: "token: abc.def",
  html: "<p>token: abc.def</p>",
};

Deno.test("queueMail as the API's role writes the mail and its delivery job together", async () => {
  await using db = await testDatabase();
  const app = createSql(db.appUrl, { max: 1 });
  try {
    await app.begin((tx) => queueMail(tx, mail));
    const [row] = await db.sql`
      select kind, recipient, subject, body_text, body_html, status, attempts from mail_outbox`;
    assert.deepEqual({ ...row }, {
      kind: "verify_email",
      recipient: "ann@example.com",
      subject: mail.subject,
      body_text: mail.text,
      body_html: mail.html,
      status: "queued",
      attempts: 0,
    });
    const [{ id }] = await db.sql`select id from mail_outbox`;
    const jobs = await db.sql`
      select t.identifier as task_identifier, j.payload
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`;
    assert.deepEqual(jobs.map((job) => ({ ...job })), [
      { task_identifier: DELIVER_MAIL_TASK, payload: { id } },
    ]);
  } finally {
    await app.end();
  }
});

Deno.test("queueMail in a transaction that rolls back leaves neither mail nor job", async () => {
  await using db = await testDatabase();
  await assert.rejects(
    db.sql.begin(async (tx) => {
      await queueMail(tx, mail);
      throw new Error("the change failed");
    }),
    /the change failed/,
  );
  assert.equal((await db.sql`select 1 from mail_outbox`).length, 0);
  assert.equal((await db.sql`select 1 from graphile_worker.jobs`).length, 0);
});
