import assert from "node:assert/strict";
import { listEvents } from "../audit/queries.ts";
import { createPasswordHasher } from "../auth/passwords.ts";
import { ConfigError } from "../config.ts";
import { createSql } from "../db.ts";
import { testDatabase } from "../testing/database.ts";
import { ensureFirstAdmin } from "./first_admin.ts";
import { insertUser } from "./queries.ts";
import { testApi } from "../testing/api.ts";

const root = { email: " Root@Example.com ", password: "first admin passphrase", username: "root" };

function logs() {
  const lines: string[] = [];
  return { lines, log: (line: string) => void lines.push(line) };
}

async function admins(sql: ReturnType<typeof createSql>) {
  return await sql<{ id: number; email: string; username: string; active: boolean }[]>`
    select id, email, username, active from users where admin order by id`;
}

Deno.test("ensureFirstAdmin creates an active admin once, hashed, with an audit event", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  const out = logs();

  assert.equal(await ensureFirstAdmin(db.sql, passwords, root, out.log), "created");
  assert.deepEqual(out.lines, ["created the first admin root@example.com"]);
  const [user] = await db.sql<{ id: number; password_hash: string; active: boolean }[]>`
    select id, password_hash, active from users where admin`;
  assert.equal(user.active, true);
  assert.notEqual(user.password_hash, root.password);
  assert.equal(await passwords.verify(root.password, user.password_hash), true);
  const events = await listEvents(db.sql, { userId: user.id, limit: 10 });
  assert.deepEqual(events.map((event) => [event.action, event.target_id, event.detail]), [
    ["system.first_admin_created", user.id, {
      username: "root",
      email: "root@example.com",
      active: true,
      admin: true,
    }],
  ]);

  assert.equal(await ensureFirstAdmin(db.sql, passwords, root, out.log), "exists");
  const other = { ...root, email: "other@example.com", username: "other" };
  assert.equal(await ensureFirstAdmin(db.sql, passwords, other, out.log), "exists");
  assert.equal((await admins(db.sql)).length, 1);
  assert.equal(out.lines.length, 1, "logs only when it creates");
});

Deno.test("ensureFirstAdmin leaves a database with any admin alone, even an inactive one", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  await insertUser(db.sql, {
    username: "retired",
    email: "retired@example.com",
    password_hash: "x",
    admin: true,
    active: false,
  });
  const out = logs();
  assert.equal(await ensureFirstAdmin(db.sql, passwords, root, out.log), "exists");
  assert.deepEqual((await admins(db.sql)).map((admin) => admin.username), ["retired"]);
  assert.deepEqual(out.lines, []);
});

Deno.test("ensureFirstAdmin on replicas starting together creates exactly one admin", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 2 });
  const pools = Array.from({ length: 4 }, () => createSql(db.url, { max: 2 }));
  try {
    const out = logs();
    const results = await Promise.all(
      pools.map((sql) => ensureFirstAdmin(sql, passwords, root, out.log)),
    );
    assert.deepEqual(results.sort(), ["created", "exists", "exists", "exists"]);
    assert.equal((await admins(db.sql)).length, 1);
    assert.deepEqual(out.lines, ["created the first admin root@example.com"]);
  } finally {
    await Promise.all(pools.map((sql) => sql.end()));
  }
});

Deno.test("ensureFirstAdmin names the bad variable with the API's message", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  const cases = [
    [{ ...root, email: "not-an-email" }, /ADMIN_EMAIL: Email must be a valid address/],
    [{ ...root, password: "short" }, /ADMIN_PASSWORD: Password must be at least 8 characters/],
    [{ ...root, username: "no spaces" }, /ADMIN_USERNAME: Username may only contain/],
    [{ ...root, password: "password123" }, /ADMIN_PASSWORD: Password is too common/],
    [{ ...root, password: "rooted in place" }, /ADMIN_PASSWORD: Password must not contain/],
  ] as const;
  for (const [admin, message] of cases) {
    await assert.rejects(ensureFirstAdmin(db.sql, passwords, admin, () => {}), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, message);
      assert.ok(!error.message.includes(admin.password), "never echoes the password");
      return true;
    });
  }
  assert.equal((await admins(db.sql)).length, 0);
});

Deno.test("ensureFirstAdmin does not promote an existing user with ADMIN_EMAIL", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  const squatter = await insertUser(db.sql, {
    username: "squatter",
    email: "root@example.com",
    password_hash: "x",
  });
  const out = logs();
  assert.equal(await ensureFirstAdmin(db.sql, passwords, root, out.log), "skipped");
  assert.equal(out.lines.length, 1);
  assert.match(out.lines[0], /root@example\.com belongs to an existing user who is not an admin/);
  assert.equal((await admins(db.sql)).length, 0);
  const [row] = await db.sql`select admin from users where id = ${squatter.id}`;
  assert.equal(row.admin, false);
});

Deno.test("ensureFirstAdmin skips when ADMIN_USERNAME belongs to another user", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  await insertUser(db.sql, { username: "ROOT", email: "someone@example.com", password_hash: "x" });
  const out = logs();
  assert.equal(await ensureFirstAdmin(db.sql, passwords, root, out.log), "skipped");
  assert.match(out.lines[0], /username root belongs to another user; set another ADMIN_USERNAME/);
  assert.equal((await admins(db.sql)).length, 0);
});

Deno.test("ensureFirstAdmin refuses a pool too small to lock and insert at once", async () => {
  await using db = await testDatabase();
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  const sql = createSql(db.url, { max: 1 });
  try {
    await assert.rejects(ensureFirstAdmin(sql, passwords, root, () => {}), /at least 2/);
  } finally {
    await sql.end();
  }
});

Deno.test("ADMIN_EMAIL and ADMIN_PASSWORD at start-up make a first admin who can log in", async () => {
  await using api = await testApi({
    ADMIN_EMAIL: "boss@example.com",
    ADMIN_PASSWORD: "a strong chief password",
  });
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: "boss@example.com", password: "a strong chief password" },
  });
  assert.equal(res.status, 200);
  const status = await api.request("/auth/status", { token: res.body.auth_token });
  assert.equal(status.body.data.admin, true);
  assert.equal(status.body.data.username, "admin");
});
