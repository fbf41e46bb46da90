import assert from "node:assert/strict";
import { createSql } from "../db.ts";
import { type TestDatabase, testDatabase } from "../testing/database.ts";
import { runRetention, startRetentionJob } from "./job.ts";

const SETTINGS = { sessionDays: 7, auditDays: 365, mailDays: 90, rateLimitSeconds: 7200 };

/** One user, sessions and audit events on both sides of each retention bound. */
async function seed(db: TestDatabase) {
  const [{ id }] = await db.sql<{ id: number }[]>`
    insert into users (username, email, password_hash)
    values ('ret', 'ret@example.com', 'x') returning id`;
  // [user agent, expires_at and revoked_at as offsets from now]
  const rows = [
    ["live", "1 day", null],
    ["expired 6 days ago", "-6 days", null],
    ["expired 8 days ago", "-8 days", null],
    ["revoked 6 days ago", "1 day", "-6 days"],
    ["revoked 8 days ago", "1 day", "-8 days"],
  ] as const;
  for (const [agent, expires, revoked] of rows) {
    await db.sql`
      insert into sessions (id, user_id, expires_at, max_expires_at, revoked_at, user_agent)
      values (${crypto.randomUUID()}, ${id}, now() + ${expires}::interval,
        now() + interval '30 days', now() + ${revoked}::interval, ${agent})`;
  }
  for (const days of [1, 364, 366, 1000]) {
    await db.sql`
      insert into audit_events (action, occurred_at, detail)
      values ('auth.login', now() - make_interval(days => ${days}), ${db.sql.json({ days })})`;
  }
}

async function remaining(db: TestDatabase) {
  const sessions = await db.sql<{ user_agent: string }[]>`
    select user_agent from sessions order by user_agent`;
  const events = await db.sql<{ days: number }[]>`
    select (detail->>'days')::int as days from audit_events order by 1`;
  return { sessions: sessions.map((s) => s.user_agent), events: events.map((e) => e.days) };
}

const KEPT = {
  sessions: ["expired 6 days ago", "live", "revoked 6 days ago"],
  events: [1, 364],
};

/** A pool as the API's role, which may not delete from audit_events itself. */
function appPool(db: TestDatabase) {
  const sql = createSql(db.appUrl);
  return Object.assign(sql, { [Symbol.asyncDispose]: () => sql.end() });
}

Deno.test("retention deletes sessions ended over 7 days ago and events over 365, nothing else", async () => {
  await using db = await testDatabase();
  await using app = appPool(db);
  await seed(db);
  assert.deepEqual(await runRetention(app, SETTINGS), {
    sessions: 2,
    auditEvents: 2,
    mail: 0,
    emailTokens: 0,
    mfaChallenges: 0,
    rateLimits: 0,
    passkeyChallenges: 0,
  });
  assert.deepEqual(await remaining(db), KEPT);
  assert.deepEqual(await runRetention(app, SETTINGS), {
    sessions: 0,
    auditEvents: 0,
    mail: 0,
    emailTokens: 0,
    mfaChallenges: 0,
    rateLimits: 0,
    passkeyChallenges: 0,
  });
  // The API's role deletes events only through prune_audit_events.
  await assert.rejects(app`delete from audit_events`, /permission denied/);
});

Deno.test("two replicas running retention at once delete each row once, without an error", async () => {
  await using db = await testDatabase();
  await seed(db);
  await using one = appPool(db);
  await using other = appPool(db);
  const rounds = await Promise.all([runRetention(one, SETTINGS), runRetention(other, SETTINGS)]);
  // Either one skipped (the other held the lock) or they ran one after the other.
  const done = rounds.filter((round) => round !== undefined);
  assert.equal(done.reduce((sum, round) => sum + round.sessions, 0), 2);
  assert.equal(done.reduce((sum, round) => sum + round.auditEvents, 0), 2);
  assert.deepEqual(await remaining(db), KEPT);
});

Deno.test("a replica skips the round while another holds the retention lock", async () => {
  await using db = await testDatabase();
  await seed(db);
  const other = createSql(db.url);
  try {
    await other.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(4127730552)`;
      assert.equal(await runRetention(db.sql, SETTINGS), undefined);
    });
  } finally {
    await other.end();
  }
  assert.equal((await remaining(db)).sessions.length, 5);
});

Deno.test("prune_audit_events refuses to delete events younger than 30 days", async () => {
  await using db = await testDatabase();
  await seed(db);
  await using app = appPool(db);
  await assert.rejects(
    app`select prune_audit_events(interval '29 days')`,
    /keeps at least 30 days/,
  );
  assert.deepEqual((await remaining(db)).events, [1, 364, 366, 1000]);
});

Deno.test("the job runs rounds on its timer and stop() waits for the one in flight", async () => {
  await using db = await testDatabase();
  await seed(db);
  const logged: string[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => finished = resolve);
  const job = startRetentionJob(db.sql, SETTINGS, {
    intervalMs: 0,
    logger: {
      info: (entry) => {
        logged.push(`${entry.sessions_deleted}/${entry.audit_events_deleted}`);
        if (logged.length === 2) finished();
      },
      error: (entry) => logged.push(`error ${entry.error}`),
    },
  });
  await done;
  await job.stop();
  assert.deepEqual(logged.slice(0, 2), ["2/2", "0/0"]);
  assert.deepEqual(await remaining(db), KEPT);
});

Deno.test("retention deletes rate-limit windows older than the limits read, nothing newer", async () => {
  await using db = await testDatabase();
  await using app = appPool(db);
  // [key, window start as an offset from now]: the bound is two hours (SETTINGS).
  for (const [key, age] of [["now", "0"], ["1h59m", "119 minutes"], ["2h01m", "121 minutes"]]) {
    await db.sql`
      insert into rate_limits (name, key_hash, window_start, hits)
      values ('loginIp', sha256(convert_to(${key}, 'UTF8')), now() - ${age}::interval, 1)`;
  }
  await db.sql`
    insert into rate_limits (name, key_hash, window_start, hits)
    select 'loginIp', sha256(convert_to('storm ' || n, 'UTF8')), now() - interval '1 day', 1
    from generate_series(1, 5000) as n`;
  const round = await runRetention(app, SETTINGS);
  assert.equal(round?.rateLimits, 5001);
  const left = await db.sql<{ age: string }[]>`
    select to_char(now() - window_start, 'FMHH24"h"MI"m"') as age from rate_limits
    order by window_start desc`;
  assert.deepEqual(left.map((row) => row.age), ["0h00m", "1h59m"]);
});

Deno.test("retention deletes mail finished over 90 days ago (never queued mail) and expired second steps", async () => {
  await using db = await testDatabase();
  await using app = appPool(db);
  const [{ id }] = await db.sql<{ id: number }[]>`
    insert into users (username, email, password_hash)
    values ('mail', 'mail@example.com', 'x') returning id`;
  // [subject, status, days since created, days since sent or failed]
  const mails = [
    ["queued long ago", "queued", 200, null],
    ["sent 100 days ago", "sent", 100, 100],
    ["sent 89 days ago", "sent", 100, 89],
    ["failed 91 days ago", "failed", 95, 91],
    ["failed yesterday", "failed", 1, 1],
  ] as const;
  for (const [subject, status, created, finished] of mails) {
    const queued = status === "queued";
    const at = finished === null ? null : db.sql`now() - make_interval(days => ${finished})`;
    await db.sql`
      insert into mail_outbox (kind, recipient, subject, body_text, body_html, user_id, status,
        created_at, sent_at, failed_at)
      values ('notice', 'mail@example.com', ${subject}, ${queued ? "text" : null},
        ${queued ? "<p>html</p>" : null}, ${id}, ${status},
        now() - make_interval(days => ${created}),
        ${status === "sent" ? at : null}, ${status === "failed" ? at : null})`;
  }
  for (const [token, expires] of [["a", "-1 minute"], ["b", "4 minutes"]]) {
    await db.sql`
      insert into mfa_challenges (token_hash, user_id, remember, expires_at)
      values (${token.repeat(64)}, ${id}, false, now() + ${expires}::interval)`;
  }
  const round = await runRetention(app, SETTINGS);
  assert.equal(round?.mail, 2);
  assert.equal(round?.mfaChallenges, 1);
  const left = await db.sql<{ subject: string }[]>`select subject from mail_outbox order by id`;
  assert.deepEqual(left.map((row) => row.subject), [
    "queued long ago",
    "sent 89 days ago",
    "failed yesterday",
  ]);
  const challenges = await db.sql<{ token_hash: string }[]>`select token_hash from mfa_challenges`;
  assert.deepEqual(challenges.map((row) => row.token_hash), ["b".repeat(64)]);
});
