import assert from "node:assert/strict";
import { join } from "node:path";
import { createMigration, MigrationError, parseMigration, readMigrations } from "./migrate.ts";
import { migrationText, tempMigrations } from "./testing.ts";

const FILE = "db/migrations/0007_add_things.sql";

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

Deno.test("parseMigration splits the sections and checksums the file's bytes", async () => {
  const text = "-- Adds things.\n" +
    migrationText(
      "create table things (id int);\ncreate index on things (id);",
      "drop table things;",
    );
  const migration = parseMigration(FILE, text);
  assert.equal(migration.version, "0007");
  assert.equal(migration.name, "add_things");
  assert.equal(migration.file, FILE);
  assert.equal(migration.up, "create table things (id int);\ncreate index on things (id);");
  assert.equal(migration.down, "drop table things;");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  assert.equal(migration.checksum, hex(digest));
});

Deno.test("parseMigration rejects badly named files, naming the file", () => {
  for (const name of ["1_add.sql", "0001-add.sql", "0001_Add.sql", "0001_.sql", "00001_add.sql"]) {
    assert.throws(
      () => parseMigration(`db/migrations/${name}`, migrationText("select 1;")),
      (error: Error) =>
        error instanceof MigrationError &&
        error.message.startsWith(`db/migrations/${name}: a migration file must be named like`),
    );
  }
});

Deno.test("parseMigration rejects missing, repeated and misordered sections and an empty up", () => {
  const cases: [string, string][] = [
    ["-- migrate:down\ndrop table t;\n", "`-- migrate:down` must come after `-- migrate:up`"],
    ["-- migrate:up\ncreate table t ();\n", "missing the `-- migrate:down` section"],
    ["select 1;\n", "SQL found before `-- migrate:up`"],
    ["", "missing the `-- migrate:up` section"],
    [migrationText("select 1;") + "-- migrate:up\nselect 2;\n", "appears more than once"],
    [migrationText("select 1;") + "-- migrate:down\nselect 2;\n", "appears more than once"],
    [migrationText("-- nothing yet\n\n"), "the `-- migrate:up` section is empty"],
    ["-- migrate:up transaction:false\nselect 1;\n-- migrate:down\n", "not supported"],
    ["-- migrate:sideways\n", "unknown section marker"],
  ];
  for (const [text, reason] of cases) {
    assert.throws(
      () => parseMigration(FILE, text),
      (error: Error) =>
        error instanceof MigrationError && error.message.startsWith(`${FILE}: `) &&
        error.message.includes(reason),
      `expected "${reason}" for ${JSON.stringify(text)}`,
    );
  }
});

Deno.test("readMigrations sorts by version and ignores files that are not .sql", async () => {
  await using temp = await tempMigrations({
    "0002_second.sql": migrationText("select 2;"),
    "0001_first.sql": migrationText("select 1;"),
    "README.md": "# notes",
  });
  const migrations = await readMigrations(temp.dir);
  assert.deepEqual(migrations.map((m) => m.name), ["first", "second"]);
  assert.equal(migrations[0].file, join(temp.path, "0001_first.sql"));
});

Deno.test("readMigrations rejects two files with the same version", async () => {
  await using temp = await tempMigrations({
    "0001_one.sql": migrationText("select 1;"),
    "0001_other.sql": migrationText("select 1;"),
  });
  await assert.rejects(readMigrations(temp.dir), (error: Error) => {
    assert.ok(error instanceof MigrationError);
    assert.match(error.message, /0001_one\.sql and .*0001_other\.sql share version 0001/);
    return true;
  });
});

Deno.test("readMigrations rejects a badly named .sql file", async () => {
  await using temp = await tempMigrations({ "add_users.sql": migrationText("select 1;") });
  await assert.rejects(readMigrations(temp.dir), /add_users\.sql: a migration file must be named/);
});

Deno.test("createMigration writes the next numbered file with both sections", async () => {
  await using temp = await tempMigrations({
    "0001_first.sql": migrationText("select 1;"),
    "0003_third.sql": migrationText("select 3;"),
  });
  const path = await createMigration("AddUserRoles", { dir: temp.dir });
  assert.equal(path, join(temp.path, "0004_add_user_roles.sql"));
  const text = await Deno.readTextFile(path);
  assert.match(text, /^-- migrate:up\n[\s\S]*\n-- migrate:down\n/);

  await using empty = await tempMigrations();
  const first = await createMigration("add-user_roles", { dir: empty.dir });
  assert.equal(first, join(empty.path, "0001_add_user_roles.sql"));
});

Deno.test("createMigration rejects invalid names and an existing migration name", async () => {
  await using temp = await tempMigrations({ "0001_create_users.sql": migrationText("select 1;") });
  for (const name of ["", "add users", "drop;table", "../escape", "___", "x".repeat(101)]) {
    await assert.rejects(createMigration(name, { dir: temp.dir }), MigrationError, name);
  }
  await assert.rejects(
    createMigration("create-users", { dir: temp.dir }),
    /a migration named create_users already exists: 0001_create_users\.sql/,
  );
  const names = [...Deno.readDirSync(temp.path)].map((entry) => entry.name);
  assert.deepEqual(names, ["0001_create_users.sql"]);
});
