import assert from "node:assert/strict";
import { join } from "node:path";
import { testDatabase } from "../api/testing/database.ts";
import { type CliOptions, formatStatus, runCli, USAGE } from "./cli.ts";
import { migrationText, tempMigrations } from "./testing.ts";

function capture(options: CliOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const noDatabase = () => Promise.reject(new Error("this command must not use the database"));
  return {
    out,
    err,
    options: {
      database: noDatabase,
      ...options,
      print: (line: string) => out.push(line),
      printError: (line: string) => err.push(line),
    },
  };
}

Deno.test("db cli exits 2 with the usage line on an unknown command or a missing NAME", async () => {
  for (const args of [[], ["migrat"], ["new"], ["new", "a", "b"], ["status", "extra"]]) {
    const io = capture();
    assert.equal(await runCli(args, io.options), 2, args.join(" "));
    assert.deepEqual(io.err, [USAGE]);
    assert.deepEqual(io.out, []);
  }
});

Deno.test("db cli new creates the next migration without a database", async () => {
  await using temp = await tempMigrations();
  const io = capture({ dir: temp.dir });
  assert.equal(await runCli(["new", "add-pets"], io.options), 0);
  assert.deepEqual(io.out, [`created ${join(temp.path, "0001_add_pets.sql")}`]);

  const bad = capture({ dir: temp.dir });
  assert.equal(await runCli(["new", "add pets"], bad.options), 1);
  assert.deepEqual(bad.err, [
    'error: invalid migration name "add pets": use letters, digits, _ and -',
  ]);
});

Deno.test("db cli migrates, reports the status and rolls back", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_create_pets.sql": migrationText("create table pets (name text);", "drop table pets;"),
  });
  let released = 0;
  const database = () =>
    Promise.resolve({ url: db.url, release: () => Promise.resolve(void released++) });
  const run = async (command: string) => {
    const io = capture({ dir: temp.dir, database });
    const code = await runCli([command], io.options);
    return { code, out: io.out, err: io.err };
  };

  assert.deepEqual(await run("migrate"), { code: 0, out: ["applied 0001_create_pets"], err: [] });
  assert.deepEqual(await run("migrate"), { code: 0, out: ["nothing to migrate"], err: [] });
  const shown = await run("status");
  assert.equal(shown.out.length, 2);
  assert.match(
    shown.out[1],
    /^0001 {5}create_pets {2}applied {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
  );
  assert.deepEqual(await run("rollback"), {
    code: 0,
    out: ["rolled back 0001_create_pets"],
    err: [],
  });
  assert.deepEqual(await run("rollback"), { code: 0, out: ["nothing to roll back"], err: [] });
  assert.equal(released, 5);

  await temp.write("0002_broken.sql", migrationText("select * from nowhere;"));
  const failed = await run("migrate");
  assert.equal(failed.code, 1);
  assert.equal(failed.err.length, 1);
  assert.match(
    failed.err[0],
    /^error: .*0002_broken\.sql failed: relation "nowhere" does not exist$/,
  );
});

Deno.test("formatStatus aligns the columns", () => {
  const lines = formatStatus([
    { version: "0001", name: "create_users", state: "applied", appliedAt: new Date(0) },
    { version: "0002", name: "add_roles", state: "pending", appliedAt: null },
  ]);
  assert.deepEqual(lines, [
    "version  name          state    applied at",
    "0001     create_users  applied  1970-01-01 00:00:00 UTC",
    "0002     add_roles     pending  -",
  ]);
  assert.deepEqual(formatStatus([]), ["no migrations"]);
});

Deno.test("db cli prints one error line and exits 1 on bad settings or no server", async () => {
  const cases = [
    ["postgres://postgres@127.0.0.1:1/nowhere", /^error: .*ECONNREFUSED/],
    ["mysql://localhost/db", /^error: Invalid configuration: DATABASE_URL: must be a postgres/],
  ] as const;
  for (const [url, expected] of cases) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./cli.ts", import.meta.url).pathname, "status"],
      env: { DATABASE_URL: url, NO_COLOR: "1" },
      stdin: "null",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr).trim();
    assert.equal(output.code, 1, stderr);
    assert.match(stderr, expected);
    assert.equal(stderr.split("\n").length, 1, stderr);
  }
});
