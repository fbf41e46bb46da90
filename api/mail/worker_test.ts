import assert from "node:assert/strict";
import { testDatabase } from "../testing/database.ts";
import { startMailCatcher } from "../testing/mail_catcher.ts";
import { queueMail } from "./outbox.ts";
import { eventually, testMail, testWorker } from "./testing.ts";

// The worker's connections are the app role's; the test's own `db.sql` is the owner's.
async function queueConnections(db: Awaited<ReturnType<typeof testDatabase>>) {
  const [row] = await db.sql`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and usename <> current_user`;
  return row.n as number;
}

Deno.test("a stopped mail worker has closed its queue connections when stop returns", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher();
  const worker = testWorker(db.appUrl, catcher.url);
  await db.sql.begin((tx) => queueMail(tx, testMail("someone@example.com")));
  await catcher.next("someone@example.com");
  assert.ok(await queueConnections(db) > 0, "the worker is connected while it runs");
  await worker[Symbol.asyncDispose]();
  // Left open, a connection that the server drops later (the database removed, a restart) throws
  // an error nothing handles: graphile-worker removes its handlers before its pool has ended.
  // Closed means closed on our side when stop returns; a server process leaves pg_stat_activity
  // only when it has exited, a moment after its client hung up (CI once saw it still listed).
  assert.equal(worker.worker.openConnections(), 0);
  await eventually(
    "the server has no queue connection left",
    async () => await queueConnections(db) === 0,
  );
});
