/**
 * The queries that would read a whole table without migration 0016's indexes, run for real on
 * tables with enough rows (and fresh statistics) that the planner prefers an index whenever one
 * serves. Each counts the scans its transaction made (`pg_stat_xact_user_tables`), so the test
 * follows the query as the API runs it, not a copy of its text. No timings: plans only.
 */
import assert from "node:assert/strict";
import { listEvents } from "../api/audit/queries.ts";
import { listKeptSessions, revokeUserSessions } from "../api/auth/queries.ts";
import { createSql, type Queryable, type Sql } from "../api/db.ts";
import { deleteFinishedMail } from "../api/mail/queries.ts";
import { deleteExpiredChallenges } from "../api/mfa/queries.ts";
import { deleteEndedSessions } from "../api/retention/queries.ts";
import { type TestDatabase, testDatabase } from "../api/testing/database.ts";
import { deleteUser } from "../api/users/queries.ts";

const USERS = 2_000;
const SESSIONS_PER_USER = 10;

/** 20,000 sessions of 2,000 users, live, expired and revoked, none ended over 7 days ago. */
async function fill(db: TestDatabase) {
  await db.sql`
    insert into users (username, email, password_hash)
    select 'user_' || n, 'user_' || n || '@example.com', 'x' from generate_series(1, ${USERS}) n`;
  await db.sql`
    insert into sessions (id, user_id, created_at, expires_at, max_expires_at, revoked_at)
    select gen_random_uuid(), u.id, now() - s * interval '1 hour',
      now() + (s - 3) * interval '1 hour', now() + interval '30 days',
      case when s % 4 = 0 then now() - interval '1 hour' end
    from users u, generate_series(1, ${SESSIONS_PER_USER}) s`;
  await db.sql`vacuum analyze users, sessions`;
}

/** Runs `work` in a transaction on one connection and returns how it read `table`. */
async function scansOf(url: string, table: string, work: (sql: Sql) => Promise<unknown>) {
  // One connection, so that `begin` … `rollback` frame exactly the work's statements.
  const sql = createSql(url, { max: 1 });
  try {
    await sql`begin`;
    await work(sql);
    const [scans] = await sql<{ seq: number; index: number; rows: number }[]>`
      select seq_scan::int as seq, coalesce(idx_scan, 0)::int as index,
        (seq_tup_read + coalesce(idx_tup_fetch, 0))::int as rows
      from pg_stat_xact_user_tables where relname = ${table}`;
    await sql`rollback`;
    return scans;
  } finally {
    await sql.end();
  }
}

Deno.test("the retention job finds ended sessions through an index, not by reading them all", async () => {
  await using db = await testDatabase();
  await fill(db);
  const scans = await scansOf(
    db.url,
    "sessions",
    (sql) => deleteEndedSessions(sql as Queryable, 7),
  );
  assert.deepEqual({ seq: scans.seq, index: scans.index > 0 }, { seq: 0, index: true });
});

Deno.test("a user's every session (the data export) is found through an index", async () => {
  await using db = await testDatabase();
  await fill(db);
  const scans = await scansOf(db.url, "sessions", async (sql) => {
    assert.equal((await listKeptSessions(sql, 1_000)).length, SESSIONS_PER_USER);
  });
  assert.deepEqual({ seq: scans.seq, index: scans.index > 0 }, { seq: 0, index: true });
});

Deno.test("revoking a user's sessions and deleting a user find the sessions through an index", async () => {
  await using db = await testDatabase();
  await fill(db);
  const scans = await scansOf(db.url, "sessions", async (sql) => {
    assert.ok(await revokeUserSessions(sql, 1_000) > 0);
    // The foreign key's cascade looks the user's sessions up by user_id.
    await deleteUser(sql, 1_001);
  });
  assert.deepEqual({ seq: scans.seq, index: scans.index > 0 }, { seq: 0, index: true });
});

Deno.test("the activity list of a heavy user whose events are all old reads a page, not the trail", async () => {
  await using db = await testDatabase();
  await db.sql`
    insert into users (username, email, password_hash)
    select 'user_' || n, 'user_' || n || '@example.com', 'x' from generate_series(1, 1000) n`;
  // User 7 did much of everything, but long ago: 5,000 events, then 100,000 by others.
  await db.sql`
    insert into audit_events (action, actor_id, target_id)
    select 'admin.user_created', 7, 7 from generate_series(1, 5000)`;
  await db.sql`
    insert into audit_events (action, actor_id, target_id)
    select 'auth.login', 8 + n % 900, 8 + n % 900 from generate_series(1, 100000) n`;
  await db.sql`vacuum analyze users, audit_events`;
  const scans = await scansOf(db.url, "audit_events", async (sql) => {
    assert.equal((await listEvents(sql, { userId: 7, limit: 51 })).length, 51);
  });
  // As one `actor_id = 7 or target_id = 7` filter, the newest page takes a walk of all 100,000
  // newer events (or a read of all 5,000 of theirs); two index scans read about a page each.
  assert.ok(scans.rows < 1000, `read ${scans.rows} rows of audit_events`);
});

Deno.test("the retention job finds old mail and expired second steps through indexes", async () => {
  await using db = await testDatabase();
  await fill(db);
  // 20,000 mails sent in the last days, none due for deletion, and as many live second steps.
  await db.sql`
    insert into mail_outbox (kind, recipient, subject, user_id, status, created_at, sent_at)
    select 'notice', 'user_' || n || '@example.com', 'Hello', null, 'sent',
      now() - n * interval '10 seconds', now() - n * interval '10 seconds'
    from generate_series(1, 20000) n`;
  await db.sql`
    insert into mfa_challenges (token_hash, user_id, remember, expires_at)
    select encode(sha256((u.id || '-' || n)::bytea), 'hex'), u.id, false,
      now() + interval '5 minutes'
    from users u, generate_series(1, 10) n`;
  await db.sql`vacuum analyze mail_outbox, mfa_challenges`;
  for (
    const [table, work] of [
      ["mail_outbox", (sql: Sql) => deleteFinishedMail(sql as Queryable, 90)],
      ["mfa_challenges", (sql: Sql) => deleteExpiredChallenges(sql as Queryable)],
    ] as const
  ) {
    const scans = await scansOf(db.url, table, work);
    assert.deepEqual({ seq: scans.seq, index: scans.index > 0 }, { seq: 0, index: true }, table);
  }
});
