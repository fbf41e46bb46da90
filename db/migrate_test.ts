import assert from "node:assert/strict";
import { createSql, type Sql } from "../api/db.ts";
import { testDatabase } from "../api/testing/database.ts";
import {
  migrate,
  MigrationError,
  pendingMigrations,
  readMigrations,
  rollback,
  status,
} from "./migrate.ts";
import { migrationText, tempMigrations } from "./testing.ts";

const quiet = { log: () => {} };

const FILES = {
  "0001_create_pets.sql": migrationText("create table pets (name text);", "drop table pets;"),
  "0002_add_pet_age.sql": migrationText(
    "alter table pets add column age int;\ninsert into pets values ('rex', 3);",
    "alter table pets drop column age;",
  ),
};

async function tables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
  return rows.map((row) => row.name);
}

async function ledger(sql: Sql) {
  return [
    ...await sql<{ version: string; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations order by version`,
  ];
}

Deno.test("migrate applies pending migrations in order and records their checksums", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations(FILES);
  const lines: string[] = [];
  const applied = await migrate(db.sql, { dir: temp.dir, log: (line) => lines.push(line) });
  assert.deepEqual(applied.map((m) => m.version), ["0001", "0002"]);
  assert.deepEqual(lines, ["applied 0001_create_pets", "applied 0002_add_pet_age"]);
  assert.deepEqual([...await db.sql`select name, age from pets`], [{ name: "rex", age: 3 }]);
  const files = await readMigrations(temp.dir);
  assert.deepEqual(
    await ledger(db.sql),
    files.map(({ version, name, checksum }) => ({ version, name, checksum })),
  );
});

Deno.test("migrate applies nothing when every migration is applied", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations(FILES);
  await migrate(db.sql, { dir: temp.dir, ...quiet });
  assert.deepEqual(await migrate(db.sql, { dir: temp.dir, ...quiet }), []);
  assert.equal((await db.sql`select * from pets`).length, 1);
});

Deno.test("a failing migration rolls back only itself, stops the run and names the file", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_create_pets.sql": FILES["0001_create_pets.sql"],
    "0002_broken.sql": migrationText(
      "create table toys (id int);\ninsert into nowhere values (1);",
    ),
    "0003_after.sql": migrationText("create table later (id int);"),
  });
  await assert.rejects(migrate(db.sql, { dir: temp.dir, ...quiet }), (error: Error) => {
    assert.ok(error instanceof MigrationError);
    assert.match(error.message, /0002_broken\.sql failed: relation "nowhere" does not exist/);
    return true;
  });
  assert.deepEqual(await tables(db.sql), ["pets", "schema_migrations"]);
  assert.deepEqual((await ledger(db.sql)).map((row) => row.version), ["0001"]);
});

Deno.test("an applied file edited afterwards stops migrate and shows as changed", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_create_pets.sql": FILES["0001_create_pets.sql"],
  });
  await migrate(db.sql, { dir: temp.dir, ...quiet });
  await temp.write("0001_create_pets.sql", migrationText("create table pets (nick text);"));
  await temp.write("0002_add_pet_age.sql", FILES["0002_add_pet_age.sql"]);

  await assert.rejects(
    migrate(db.sql, { dir: temp.dir, ...quiet }),
    new MigrationError(
      `${temp.path}/0001_create_pets.sql was changed after it was applied (checksum mismatch); ` +
        "add a new migration instead of editing an applied one",
    ),
  );
  await assert.rejects(rollback(db.sql, { dir: temp.dir, ...quiet }), /checksum mismatch/);
  const states = (await status(db.sql, { dir: temp.dir })).map((row) => [row.version, row.state]);
  assert.deepEqual(states, [["0001", "changed"], ["0002", "pending"]]);
  assert.deepEqual((await ledger(db.sql)).map((row) => row.version), ["0001"]);
});

Deno.test("an applied migration whose file is gone stops migrate and shows as missing", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations(FILES);
  await migrate(db.sql, { dir: temp.dir, ...quiet });
  await Deno.remove(`${temp.path}/0002_add_pet_age.sql`);

  await assert.rejects(
    migrate(db.sql, { dir: temp.dir, ...quiet }),
    /migration 0002 \(add_pet_age\) was applied but its file is missing/,
  );
  await assert.rejects(rollback(db.sql, { dir: temp.dir, ...quiet }), /0002 \(add_pet_age\)/);
  const rows = await status(db.sql, { dir: temp.dir });
  assert.deepEqual(rows.map((row) => [row.version, row.name, row.state]), [
    ["0001", "create_pets", "applied"],
    ["0002", "add_pet_age", "missing"],
  ]);
  assert.ok(rows[1].appliedAt instanceof Date);
});

Deno.test("rollback reverts the last applied migration and forgets it", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations(FILES);
  await migrate(db.sql, { dir: temp.dir, ...quiet });
  const lines: string[] = [];
  const reverted = await rollback(db.sql, { dir: temp.dir, log: (line) => lines.push(line) });
  assert.equal(reverted?.version, "0002");
  assert.deepEqual(lines, ["rolled back 0002_add_pet_age"]);
  assert.deepEqual([...await db.sql`select * from pets`], [{ name: "rex" }]);
  assert.deepEqual((await ledger(db.sql)).map((row) => row.version), ["0001"]);
  assert.deepEqual((await migrate(db.sql, { dir: temp.dir, ...quiet })).length, 1);
});

Deno.test("rollback returns undefined when nothing is applied", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations(FILES);
  assert.equal(await rollback(db.sql, { dir: temp.dir, ...quiet }), undefined);
});

Deno.test("rollback refuses a migration whose down section is empty", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({ "0001_seed.sql": migrationText("select 1;") });
  await migrate(db.sql, { dir: temp.dir, ...quiet });
  await assert.rejects(rollback(db.sql, { dir: temp.dir, ...quiet }), /empty down section/);
  assert.equal((await ledger(db.sql)).length, 1);
});

Deno.test("status and pendingMigrations report applied and pending migrations", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_create_pets.sql": FILES["0001_create_pets.sql"],
  });
  assert.deepEqual((await status(db.sql, { dir: temp.dir })).map((row) => row.state), ["pending"]);
  assert.deepEqual(await tables(db.sql), [], "reading the status creates no ledger");

  const before = new Date(Date.now() - 60_000);
  await migrate(db.sql, { dir: temp.dir, ...quiet });
  await temp.write("0002_add_pet_age.sql", FILES["0002_add_pet_age.sql"]);
  const [applied, pending] = await status(db.sql, { dir: temp.dir });
  assert.deepEqual({ ...applied, appliedAt: null }, {
    version: "0001",
    name: "create_pets",
    state: "applied",
    appliedAt: null,
  });
  assert.ok(applied.appliedAt && applied.appliedAt > before);
  assert.deepEqual(pending, {
    version: "0002",
    name: "add_pet_age",
    state: "pending",
    appliedAt: null,
  });
  const waiting = await pendingMigrations(db.sql, { dir: temp.dir });
  assert.deepEqual(waiting.map((m) => m.version), ["0002"]);
});

Deno.test("two runners migrating at once apply each migration exactly once", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_create_runs.sql": migrationText(
      "create table runs (version text);\ninsert into runs values ('0001');",
    ),
    "0002_slow.sql": migrationText("select pg_sleep(0.3);\ninsert into runs values ('0002');"),
    "0003_after.sql": migrationText("insert into runs values ('0003');"),
  });
  const runners = [createSql(db.url), createSql(db.url)];
  // allSettled: both runs must be over before their pools end, or a failure hangs instead.
  const results = await Promise.allSettled(
    runners.map((sql) => migrate(sql, { dir: temp.dir, ...quiet })),
  );
  await Promise.all(runners.map((sql) => sql.end()));
  const counts = results.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value.length;
  });
  assert.deepEqual(counts.sort(), [0, 3]);
  const runs = await db.sql`select version, count(*)::int as n from runs group by 1 order by 1`;
  assert.deepEqual([...runs], ["0001", "0002", "0003"].map((version) => ({ version, n: 1 })));
});

Deno.test("the real migrations apply, roll back all the way down and apply again", async () => {
  await using db = await testDatabase({ migrated: false });
  const files = await readMigrations();
  assert.ok(files.length > 0);
  assert.deepEqual(
    (await migrate(db.sql, quiet)).map((m) => m.version),
    files.map((m) => m.version),
  );

  const reverted: string[] = [];
  for (let last = await rollback(db.sql, quiet); last; last = await rollback(db.sql, quiet)) {
    reverted.push(last.version);
  }
  assert.deepEqual(reverted, files.map((m) => m.version).reverse());
  assert.deepEqual(await tables(db.sql), ["schema_migrations"]);
  const [{ leftovers }] = await db.sql`
    select count(*)::int as leftovers from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname <> 'schema_migrations'
      and c.relname not like 'schema_migrations_%'`;
  const [{ functions }] = await db.sql`
    select count(*)::int as functions from pg_proc where pronamespace = 'public'::regnamespace`;
  assert.deepEqual({ leftovers, functions }, { leftovers: 0, functions: 0 });

  assert.equal((await migrate(db.sql, quiet)).length, files.length);
  assert.deepEqual(await pendingMigrations(db.sql), []);
});
