import assert from "node:assert/strict";
import { testDatabase } from "../testing/database.ts";
import { startMailCatcher } from "../testing/mail_catcher.ts";
import { queueMail } from "./outbox.ts";
import { capturingLogger, eventually, settled, testMail, testWorker } from "./testing.ts";

Deno.test("a committed mail arrives once over SMTP, and its body is then erased", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher();
  await using _worker = testWorker(db.appUrl, catcher.url);
  const mail = testMail("ann@example.com", "sel.verifier-one");
  await db.sql.begin((tx) => queueMail(tx, mail));

  const caught = await catcher.next("ann@example.com");
  assert.equal(caught.subject, mail.subject);
  assert.ok(caught.text.includes("#token=sel.verifier-one"));
  assert.ok(caught.html.includes("#token=sel.verifier-one"));
  assert.equal(caught.from, "no-reply@localhost");

  await eventually("the outbox settles", () => settled(db.sql));
  const [row] = await db.sql`
    select status, attempts, body_text, body_html, sent_at is not null as sent from mail_outbox`;
  assert.deepEqual({ ...row }, {
    status: "sent",
    attempts: 1,
    body_text: null,
    body_html: null,
    sent: true,
  });
  assert.equal(catcher.all().length, 1);
});

Deno.test("a mail queued in a transaction that rolled back is never sent", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher();
  await using _worker = testWorker(db.appUrl, catcher.url);
  await assert.rejects(
    db.sql.begin(async (tx) => {
      await queueMail(tx, testMail("rolled@example.com"));
      throw new Error("the change failed");
    }),
  );
  // A mail committed after it goes through the same worker: once it is here, the other would be.
  await db.sql.begin((tx) => queueMail(tx, testMail("committed@example.com")));
  await catcher.next("committed@example.com");
  await eventually("the outbox settles", () => settled(db.sql));
  assert.deepEqual(catcher.all().map((mail) => mail.to), [["committed@example.com"]]);
});

Deno.test("an SMTP server that is down delays the mail, which arrives once when it is back", async () => {
  await using db = await testDatabase();
  const down = await startMailCatcher();
  const { port, url } = down;
  await down.close();
  const logger = capturingLogger();
  await using _worker = testWorker(db.appUrl, url, { logger });
  await db.sql.begin((tx) => queueMail(tx, testMail("patient@example.com", "sel.secret-body")));

  await eventually("two tries failed", async () => {
    const [row] = await db.sql`select attempts, status, last_error from mail_outbox`;
    return row.attempts >= 2 && row.status === "queued" && row.last_error !== null;
  });
  await using catcher = await startMailCatcher({ port });
  const caught = await catcher.next("patient@example.com");
  assert.ok(caught.text.includes("sel.secret-body"));
  await eventually("the outbox settles", () => settled(db.sql));
  assert.equal(catcher.all().length, 1);
  const [row] = await db.sql`select status, body_text from mail_outbox`;
  assert.deepEqual({ ...row }, { status: "sent", body_text: null });

  // Each failure was logged with the mail's id and the reason, never with its body.
  const retries = logger.entries.filter((entry) =>
    entry.msg === "mail delivery failed, will retry"
  );
  assert.ok(retries.length >= 2);
  assert.match(String(retries[0].error), /ECONNREFUSED|ESOCKET|ECONNECTION/);
  assert.equal(typeof retries[0].retry_at, "string");
  assert.ok(logger.entries.some((entry) => entry.msg === "mail sent"));
  for (const entry of logger.entries) {
    assert.ok(!JSON.stringify(entry).includes("sel.secret-body"), JSON.stringify(entry));
    assert.ok(!JSON.stringify(entry).includes("patient@example.com"), JSON.stringify(entry));
  }
});

Deno.test("two replicas' workers deliver every mail exactly once, even with its job doubled", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher();
  const addresses = Array.from({ length: 24 }, (_, i) => `reader${i}@example.com`);
  await db.sql.begin(async (tx) => {
    for (const to of addresses) await queueMail(tx, testMail(to));
    // A second job for every other mail, as a job retried after a crash would be.
    await tx`
      select graphile_worker.add_job('deliver_mail', json_build_object('id', id))
      from mail_outbox where id % 2 = 0`;
  });
  {
    await using _one = testWorker(db.appUrl, catcher.url);
    await using _two = testWorker(db.appUrl, catcher.url);
    for (const to of addresses) await catcher.next(to);
    await eventually("the outbox settles", () => settled(db.sql));
  }
  const received = catcher.all().flatMap((mail) => mail.to).sort();
  assert.deepEqual(received, [...addresses].sort());
});

Deno.test("a mail the server refuses for good is given up at once, without its body", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher({
    rejectRecipient: (address) => address === "gone@example.com",
  });
  const logger = capturingLogger();
  await using _worker = testWorker(db.appUrl, catcher.url, { logger });
  await db.sql.begin((tx) => queueMail(tx, testMail("gone@example.com")));
  await eventually("the outbox settles", () => settled(db.sql));
  const [row] = await db.sql`
    select status, attempts, body_text, body_html, last_error, failed_at is not null as failed
    from mail_outbox`;
  assert.equal(row.status, "failed");
  assert.equal(row.attempts, 1);
  assert.equal(row.body_text, null);
  assert.equal(row.body_html, null);
  assert.match(row.last_error, /550/);
  assert.ok(row.failed);
  assert.ok(logger.entries.some((entry) => entry.msg === "mail undeliverable, given up"));
});

Deno.test("a mail still failing when its retries run out is given up and kept for admins", async () => {
  await using db = await testDatabase();
  const down = await startMailCatcher();
  await down.close();
  await using _worker = testWorker(db.appUrl, down.url, {
    retry: { firstDelayMs: 20, maxDelayMs: 40, giveUpAfterMs: 300 },
  });
  await db.sql.begin((tx) => queueMail(tx, testMail("nobody-home@example.com")));
  await eventually("the outbox settles", () => settled(db.sql));
  const [row] = await db.sql`select status, attempts, body_text from mail_outbox`;
  assert.equal(row.status, "failed");
  assert.ok(row.attempts >= 2, `${row.attempts} attempts`);
  assert.equal(row.body_text, null);
});
