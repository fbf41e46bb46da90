/**
 * `deno run -A bench/scale_explain.ts DATABASE_URL`: `EXPLAIN (ANALYZE, BUFFERS)` of every query
 * that login, refresh, logout, `/auth/status`, the retention job, the activity list and the data
 * export run, against a database filled by bench/scale_fill.ts, as Markdown for docs/scale.md.
 * The statements are copies of those in api/ (their parameters picked from the data); the writes
 * run inside a transaction that is rolled back. Run it on a copy (the bench's `bench_large`, while
 * `deno task bench` runs or after `copyLargeDatabase`): it first makes user 7 a heavy user who
 * went quiet (100,000 events, all eleven months old or more), which the fill has none of.
 */
import type postgres from "postgres";
import { createSql, type Queryable } from "../api/db.ts";

type Query = { name: string; run: (tx: Queryable) => Promise<postgres.Row[]> };

const url = Deno.args[0];
if (!url) throw new Error("usage: deno run -A bench/scale_explain.ts DATABASE_URL");
const sql = createSql(url, { max: 1 });
const HEAVY = 1; // the user with the most events and sessions (random()² favours low ids)
const TYPICAL = 500_000;
const QUIET = 7;

// An operator account that imported 100,000 users a year ago and has done nothing since: the
// statistics count many events of theirs, none of them recent.
await sql`
  update audit_events set actor_id = ${QUIET + 1}, target_id = ${QUIET + 1}
  where (actor_id = ${QUIET} or target_id = ${QUIET})
    and id > (select min(id) + 99999 from audit_events)`;
await sql`
  update audit_events set actor_id = ${QUIET}, target_id = ${QUIET}
  where id <= (select min(id) + 99999 from audit_events)
    and (actor_id, target_id) is distinct from (${QUIET}, ${QUIET})`;
await sql`vacuum analyze audit_events`;

const [pick] = await sql<
  { email: string; session: string; token: string; name: string; key: Uint8Array }[]
>`
  select
    (select email from users where id = ${TYPICAL}) as email,
    (select id from sessions where user_id >= ${TYPICAL} order by user_id limit 1) as session,
    (select token_hash from refresh_tokens limit 1 offset 100000) as token,
    (select name from rate_limits limit 1 offset 500000) as name,
    (select key_hash from rate_limits limit 1 offset 500000) as key`;
const window = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const previous = new Date(window.getTime() - 60_000);
const e = (tx: Queryable) => tx`explain (analyze, buffers, costs off, summary on)`;

const queries: Query[] = [
  {
    name: "login: the user by email",
    run: (tx) =>
      tx`${e(tx)} select id, password_hash from users where lower(email) = lower(${pick.email})`,
  },
  {
    name: "login, refresh: count a rate-limit event (upsert and previous window)",
    run: (tx) =>
      tx`${e(tx)}
        with counted as (
          insert into rate_limits as r (name, key_hash, window_start, hits)
          values (${pick.name}, ${pick.key}, ${window}, 1)
          on conflict (name, key_hash, window_start) do update set hits = r.hits + 1
          returning hits
        )
        select (select hits from counted) as current,
          coalesce((select hits from rate_limits where name = ${pick.name}
            and key_hash = ${pick.key} and window_start = ${previous}), 0) as previous`,
  },
  {
    name: "login: forget an account's failures (reset)",
    run: (tx) =>
      tx`${e(tx)} delete from rate_limits where name = ${pick.name} and key_hash = ${pick.key}`,
  },
  {
    name: "login (1% of calls): the limiter's sweep, at most 500 rows",
    run: (tx) =>
      tx`${e(tx)}
        delete from rate_limits where (name, key_hash, window_start) in (
          select name, key_hash, window_start from rate_limits
          where window_start < now() - interval '2 hours' order by window_start limit 500)`,
  },
  {
    name: "login: insert the session",
    run: (tx) =>
      tx`${e(tx)}
        insert into sessions (id, user_id, remember, expires_at, max_expires_at, user_agent, ip)
        values (gen_random_uuid(), ${TYPICAL}, true, now() + interval '14 days',
          now() + interval '30 days', 'bench', '127.0.0.1')`,
  },
  {
    name: "login: insert the audit event",
    run: (tx) =>
      tx`${e(tx)}
        insert into audit_events (action, actor_id, target_id, ip)
        values ('auth.login', ${TYPICAL}, ${TYPICAL}, '127.0.0.1')`,
  },
  {
    name: "/auth/status: the user and whether the session is alive",
    run: (tx) =>
      tx`${e(tx)}
        select id, username, email, active, admin, exists (
          select 1 from sessions where id = ${pick.session} and user_id = users.id
            and revoked_at is null and expires_at > now()
            and (access_generation <= 1 or kept_access_generation = 1)
        ) as session_alive
        from users where id = (select user_id from sessions where id = ${pick.session})`,
  },
  {
    name: "refresh: the presented token",
    run: (tx) =>
      tx`${
        e(tx)
      } select session_id, generation from refresh_tokens where token_hash = ${pick.token}`,
  },
  {
    name: "refresh: lock the session",
    run: (tx) =>
      tx`${e(tx)}
        select id, user_id, generation, revoked_at is not null as revoked,
          (select admin from users where users.id = user_id) as admin
        from sessions where id = ${pick.session} for update`,
  },
  {
    name: "logout: revoke the session",
    run: (tx) =>
      tx`${e(tx)}
        update sessions set revoked_at = now() where id = ${pick.session} and revoked_at is null`,
  },
  {
    name: "retention: sessions ended over 7 days ago",
    run: (tx) =>
      tx`${e(tx)}
        delete from sessions where expires_at < now() - interval '7 days'
          or revoked_at < now() - interval '7 days'`,
  },
  {
    name: "retention: audit events over 365 days old (inside prune_audit_events)",
    run: (tx) =>
      tx`${e(tx)} delete from audit_events where occurred_at < now() - interval '365 days'`,
  },
  {
    name: "retention: expired rate-limit windows",
    run: (tx) =>
      tx`${e(tx)} delete from rate_limits where window_start < now() - interval '2 hours'`,
  },
  ...activityList("the typical user", TYPICAL),
  ...activityList("the heaviest user", HEAVY),
  ...activityList("a heavy user quiet for eleven months", QUIET),
  {
    name: `data export: every session of the heaviest user (${HEAVY})`,
    run: (tx) =>
      tx`${e(tx)}
        select id, created_at, expires_at, revoked_at from sessions where user_id = ${HEAVY}
        order by created_at desc, id`,
  },
  {
    name: `sign out everywhere: revoke the typical user's sessions`,
    run: (tx) =>
      tx`${e(tx)}
        update sessions set revoked_at = now()
        where user_id = ${TYPICAL} and revoked_at is null and id <> ${pick.session}`,
  },
  {
    name: `delete a user: the cascade to sessions (and their tokens)`,
    run: (tx) => tx`${e(tx)} delete from users where id = ${TYPICAL}`,
  },
];

/** The activity list's first page as one `or` filter (before) and merged from two index scans. */
function activityList(label: string, id: number): Query[] {
  const columns = (tx: Queryable) =>
    tx`e.id, e.action, actor.username, target.username from audit_events e
      left join users actor on actor.id = e.actor_id
      left join users target on target.id = e.target_id`;
  const newest = (tx: Queryable, column: string) =>
    tx`(select e.id from audit_events e where e.${tx(column)} = (select ${id}::bigint) and true
      order by e.id desc limit 51)`;
  return [{
    name: `activity list, first page, ${label} (${id}), one \`or\` filter`,
    run: (tx) =>
      tx`${e(tx)} select ${columns(tx)}
        where true and (e.actor_id = ${id} or e.target_id = ${id})
        order by e.id desc limit 51`,
  }, {
    name: `activity list, first page, ${label} (${id}), merged from two index scans`,
    run: (tx) =>
      tx`${e(tx)} select ${columns(tx)}
        where e.id in (${newest(tx, "actor_id")} union all ${newest(tx, "target_id")})
        order by e.id desc limit 51`,
  }];
}

class Rollback extends Error {}
const out: string[] = [];
try {
  await sql.begin(async (tx) => {
    // Each run in a savepoint rolled back, so that every query meets the data as it was filled.
    const undone = async (query: Query) => {
      let plan: string[] = [];
      await tx.savepoint(async (sp) => {
        plan = (await query.run(sp)).map((row) => String(row["QUERY PLAN"]));
        throw new Rollback();
      }).catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
      return plan;
    };
    for (const query of queries) {
      // Twice: the first run warms the cache as a live server's would be; the second is shown.
      await undone(query);
      const plan = await undone(query);
      const time = plan.find((line) => line.startsWith("Execution Time"));
      out.push(`#### ${query.name} (${time})`, "", "```", ...plan, "```", "");
    }
    throw new Rollback();
  });
} catch (error) {
  if (!(error instanceof Rollback)) throw error;
} finally {
  await sql.end();
}
console.log(out.join("\n"));
