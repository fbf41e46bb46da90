import assert from "node:assert/strict";
import { createPasswordHasher } from "../auth/passwords.ts";
import { type TestDatabase, testDatabase } from "../testing/database.ts";
import { insertUser } from "../users/queries.ts";
import { createUserBody } from "../users/schemas.ts";
import { DEMO_USERS, PRODUCTION_REFUSAL, runDbSeed, USAGE } from "./db_seed.ts";
import type { CommandOptions } from "./command.ts";

const ENV = { APP_ENV: "test", BCRYPT_ROUNDS: "4" };

function harness(db: TestDatabase | undefined, options: CommandOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let released = 0;
  const database = db
    ? () => Promise.resolve({ url: db.url, release: () => Promise.resolve(void released++) })
    : () => Promise.reject(new Error("this run must not use the database"));
  const run = (args: string[] = []) =>
    runDbSeed(args, {
      env: ENV,
      database,
      ...options,
      print: (line) => void out.push(line),
      printError: (line) => void err.push(line),
    });
  return { run, out, err, released: () => released };
}

async function users(db: TestDatabase) {
  return await db.sql<
    { username: string; email: string; admin: boolean; active: boolean; password_hash: string }[]
  >`select username, email, admin, active, password_hash from users order by id`;
}

Deno.test("the demo users meet the API's rules: one admin, one inactive", () => {
  for (const user of DEMO_USERS) assert.ok(createUserBody.safeParse(user).success, user.username);
  assert.equal(DEMO_USERS.filter((user) => user.admin).length, 1);
  assert.equal(DEMO_USERS.filter((user) => !user.active).length, 1);
  assert.equal(DEMO_USERS.length, 5);
});

Deno.test("db:seed creates the demo users and prints their credentials", async () => {
  await using db = await testDatabase();
  const io = harness(db);
  assert.equal(await io.run(), 0, io.err.join("\n"));
  assert.deepEqual(io.err, []);
  assert.equal(io.released(), 1);
  assert.deepEqual(io.out, [
    "username  email              password      role   active  result",
    "ada       ada@example.com    demo-pass-a1  admin  yes     created",
    "alice     alice@example.com  demo-pass-a1  user   yes     created",
    "bob       bob@example.com    demo-pass-b1  user   yes     created",
    "carol     carol@example.com  demo-pass-c1  user   yes     created",
    "dave      dave@example.com   demo-pass-d1  user   no      created",
    "5 created, 0 skipped",
  ]);

  const rows = await users(db);
  assert.deepEqual(
    rows.map(({ username, email, admin, active }) => ({ username, email, admin, active })),
    DEMO_USERS.map(({ username, email, admin, active }) => ({ username, email, admin, active })),
  );
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  for (const [i, row] of rows.entries()) {
    assert.equal(await passwords.verify(DEMO_USERS[i].password, row.password_hash), true);
  }
  const [{ count }] = await db.sql`select count(*)::int as count from audit_events`;
  assert.equal(count, 5);
});

Deno.test("db:seed run again skips the users it finds", async () => {
  await using db = await testDatabase();
  await insertUser(db.sql, { username: "alice", email: "alice@elsewhere.com", password_hash: "x" });
  await insertUser(db.sql, { username: "robert", email: "bob@example.com", password_hash: "x" });

  const first = harness(db);
  assert.equal(await first.run(), 0);
  assert.match(first.out[2], /^alice .* skipped: username taken$/);
  assert.match(first.out[3], /^bob .* skipped: email exists$/);
  assert.equal(first.out.at(-1), "3 created, 2 skipped");

  const before = await users(db);
  const again = harness(db);
  assert.equal(await again.run(), 0);
  assert.equal(again.out.at(-1), "0 created, 5 skipped");
  assert.deepEqual(await users(db), before);
});

Deno.test("db:seed refuses to run in production", async () => {
  await using db = await testDatabase();
  const io = harness(db, {
    env: {
      ...ENV,
      APP_ENV: "production",
      SECRET_KEY: "Vq3x9LmZ2pR8sT1uW4yB6nC0dF5gH7jK",
      SMTP_URL: "smtp://relay.example.com:25",
    },
  });
  assert.equal(await io.run(), 1);
  assert.deepEqual(io.err, [PRODUCTION_REFUSAL]);
  assert.deepEqual(io.out, []);
  assert.equal(io.released(), 1);
  assert.equal((await users(db)).length, 0);
});

Deno.test("db:seed exits 2 on arguments and 1 on bad settings", async () => {
  const io = harness(undefined);
  assert.equal(await io.run(["--force"]), 2);
  assert.deepEqual(io.err, [USAGE]);

  await using db = await testDatabase();
  const bad = harness(db, { env: { ...ENV, APP_ENV: "staging" } });
  assert.equal(await bad.run(), 1);
  assert.equal(bad.err.length, 1);
  assert.match(bad.err[0], /^error: Invalid configuration: APP_ENV: /);
});
