import assert from "node:assert/strict";
import { runMigrations } from "graphile-worker";
import { createSql } from "../api/db.ts";
import { testDatabase } from "../api/testing/database.ts";
import { JOB_QUEUE_SCHEMA, jobQueueMigrations } from "./job_queue.ts";

const INSUFFICIENT_PRIVILEGE = "42501";

Deno.test("our migrations install every schema migration of the pinned graphile-worker", async () => {
  await using db = await testDatabase();
  const installed = await db.sql<{ id: number; breaking: boolean }[]>`
    select id, breaking from graphile_worker.migrations order by id`;
  const shipped = await jobQueueMigrations();
  // After an upgrade of graphile-worker: `deno run -A tools/job_queue_sql.ts <last id>` into a
  // new migration.
  assert.deepEqual(
    installed.map((row) => ({ ...row })),
    shipped.map(({ id, breaking }) => ({ id, breaking })),
  );
});

Deno.test("graphile-worker, run as the API's role, finds its schema current and changes nothing", async () => {
  await using db = await testDatabase();
  // It would try to install or upgrade the schema otherwise, which this role may not do.
  await runMigrations({ connectionString: db.appUrl, logger: undefined });
  const [{ count }] = await db.sql`select count(*)::int as count from graphile_worker.migrations`;
  assert.equal(count, (await jobQueueMigrations()).length);
});

Deno.test("the API's role uses the queue but cannot change its schema or its ledger", async () => {
  await using db = await testDatabase();
  const app = createSql(db.appUrl, { max: 1 });
  try {
    await app`select graphile_worker.add_job('deliver_mail', '{"id": 1}'::json)`;
    assert.equal((await app`select id from graphile_worker.jobs`).length, 1);
    for (
      const attempt of [
        () => app`create table graphile_worker.stolen (x int)`,
        () =>
          app`create function graphile_worker.add_job(x int) returns int as 'select 1' language sql`,
        () => app`drop table graphile_worker._private_jobs`,
        () => app`alter table graphile_worker._private_jobs disable row level security`,
        () => app`delete from graphile_worker.migrations`,
        () => app`insert into graphile_worker.migrations (id) values (999)`,
      ]
    ) {
      await assert.rejects(
        attempt(),
        (error: { code?: string }) =>
          error.code === INSUFFICIENT_PRIVILEGE || error.code === "42501",
      );
    }
    const [{ owner }] = await db.sql`
      select nspowner::regrole::text as owner from pg_namespace where nspname = ${JOB_QUEUE_SCHEMA}`;
    assert.notEqual(owner, "users_app_test");
  } finally {
    await app.end();
  }
});
