/**
 * `deno run -A tools/job_queue_sql.ts [FROM]`: prints graphile-worker's own schema migrations
 * (those after FROM, default 0) as one SQL script for a migration file of ours, so that the
 * owner installs the queue's schema with `db:migrate` and the API's role never needs to create
 * anything. Run it after upgrading graphile-worker and put the output in a new migration:
 * `db/job_queue_test.ts` fails until the schema matches the pinned package.
 */
import { jobQueueMigrations } from "../db/job_queue.ts";

const from = Number(Deno.args[0] ?? 0);
const migrations = (await jobQueueMigrations()).filter((migration) => migration.id > from);
const lines = [];
if (from === 0) {
  // graphile-worker's bootstrap (installSchema in its src/migrate.ts).
  lines.push(
    "create schema graphile_worker;",
    "create table graphile_worker.migrations (",
    "  id int primary key,",
    "  ts timestamptz default now() not null,",
    "  breaking boolean not null default false",
    ");",
  );
}
for (const migration of migrations) {
  lines.push(
    "",
    `-- graphile-worker migration ${migration.file}`,
    `insert into graphile_worker.migrations (id, breaking) values (${migration.id}, ${migration.breaking});`,
    migration.sql.trim(),
  );
}
console.log(lines.join("\n"));
