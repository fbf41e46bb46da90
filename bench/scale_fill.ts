/**
 * The large database of the scale rows: a million users, ten million audit events over a year,
 * a million sessions with their refresh tokens and a million rate-limit rows, shaped like a busy
 * service's (a few heavy users, many light ones; sessions kept the days retention keeps them).
 * Filled set-based, each table's secondary indexes dropped during its load and built after it.
 */
import type { Sql } from "../api/db.ts";

export const SCALE = {
  users: 1_000_000,
  auditEvents: 10_000_000,
  sessions: 1_000_000,
  rateLimits: 1_000_000,
};

// Any valid bcrypt hash: the seeded users never log in (the bench sets its own user's hash).
const SEED_HASH = "$2b$04$C6UzMDM.H6dfI/f/IKcEeO5RkZ1PDFC7bC4SwfKfxcDvTY5vS0X6W";

/** Fills an empty, migrated database; `log` hears of each step. */
export async function fillLarge(sql: Sql, log: (line: string) => void): Promise<void> {
  await sql`set maintenance_work_mem = '512MB'`;
  await sql`set synchronous_commit = off`;
  await step(log, "users", () => withoutIndexes(sql, "users", () => fillUsers(sql)));
  await step(
    log,
    "audit_events",
    () => withoutIndexes(sql, "audit_events", () => fillAuditEvents(sql)),
  );
  await step(log, "sessions", () => withoutIndexes(sql, "sessions", () => fillSessions(sql)));
  await step(
    log,
    "refresh_tokens",
    () => withoutIndexes(sql, "refresh_tokens", () => fillRefreshTokens(sql)),
  );
  await step(
    log,
    "rate_limits",
    () => withoutIndexes(sql, "rate_limits", () => fillRateLimits(sql)),
  );
  await step(log, "vacuum analyze", () => sql`vacuum (analyze, freeze)`);
}

async function step(log: (line: string) => void, what: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  log(`filled ${what} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Loads a table with its secondary indexes dropped, then builds them again from their own
 * definitions: one sort per index instead of ten million random insertions. Indexes that back
 * a constraint (primary keys, unique constraints) stay.
 */
async function withoutIndexes(sql: Sql, table: string, load: () => Promise<unknown>) {
  const indexes = await sql<{ name: string; definition: string }[]>`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = 'public' and tablename = ${table}
      and indexname not in (select conname from pg_constraint)`;
  for (const { name } of indexes) await sql`drop index ${sql(name)}`;
  await load();
  // The definitions come from the catalog (our own migrations), not from any input.
  for (const { definition } of indexes) await sql.unsafe(definition);
}

function fillUsers(sql: Sql) {
  // Named as bench/stack.ts's growUsers names them, so the GET /users rows find them as theirs.
  return sql`
    insert into users (username, email, password_hash, created_at, updated_at, email_verified_at)
    select 'seed_' || n, 'seed_' || n || '@bench.example', ${SEED_HASH}, at, at,
      at + interval '5 minutes'
    from generate_series(1, ${SCALE.users}::int) as n,
      lateral (select now() - interval '730 days' * (1 - n::float8 / ${SCALE.users})) as t(at)`;
}

/**
 * A year of events, ids rising with time. The user behind each is skewed (random()² favours low
 * ids): user 1 has about ten thousand events, the median user a few. Half are logins, then
 * failed logins, logouts, profile changes and, rarely, an admin acting on someone.
 */
function fillAuditEvents(sql: Sql) {
  return sql`
    insert into audit_events (occurred_at, action, actor_id, target_id, detail, ip)
    select
      now() - interval '364 days' * (1 - n::float8 / ${SCALE.auditEvents}),
      action,
      case when action in ('auth.login_failed', 'auth.refresh_reused') then null
        when action like 'admin.%' then 1 + (n % 10)
        else user_id end,
      case when action = 'auth.login_failed' and n % 7 = 0 then null else user_id end,
      case when action = 'auth.login_failed' then jsonb_build_object('email', 'x' || n || '@bench.example') end,
      '198.51.' || (n % 256) || '.' || (n / 256 % 256)
    from (
      select n, user_id, case
        when r < 0.50 then 'auth.login'
        when r < 0.65 then 'auth.login_failed'
        when r < 0.85 then 'auth.logout'
        when r < 0.93 then 'user.updated'
        when r < 0.96 then 'auth.password_changed'
        when r < 0.99 then 'admin.user_updated'
        else 'auth.refresh_reused' end as action
      from (
        select n, 1 + floor(${SCALE.users} * random() ^ 2)::bigint as user_id, random() as r
        from generate_series(1, ${SCALE.auditEvents}::int) as n
      ) as drawn
    ) as events`;
}

/**
 * Sessions as retention leaves them: started over the last 37 days, 70% "Keep me signed in"
 * (14 days idle, 30 at most), the others 30 minutes idle; a quarter logged out. Sessions that
 * ended more than 7 days ago are gone, as the hourly job would have deleted them.
 */
function fillSessions(sql: Sql) {
  return sql`
    insert into sessions (id, user_id, created_at, last_used_at, expires_at, max_expires_at,
      revoked_at, generation, grace_generation, rotated_at, remember, user_agent, ip)
    select gen_random_uuid(), user_id, created, used, expires, created + interval '30 days',
      revoked, generation, nullif(generation - 1, 0),
      case when generation > 1 then used end, remember,
      'Mozilla/5.0 (bench) ' || (user_id % 50), '203.0.113.' || (user_id % 256)
    from (
      select *, least(used + case when remember then interval '14 days'
          else interval '30 minutes' end, created + interval '30 days') as expires,
        case when random() < 0.25 then used + interval '10 minutes' end as revoked
      from (
        select *, created + (least(now(), created + interval '30 days') - created) * random() ^ 3
          as used
        from (
          select 1 + floor(${SCALE.users} * random() ^ 2)::bigint as user_id,
            now() - interval '37 days' * random() as created,
            random() < 0.7 as remember,
            1 + floor(4 * random() ^ 2)::int as generation
          from generate_series(1, ${3 * SCALE.sessions}::int)
        ) as started
      ) as used
    ) as ended
    where least(expires, coalesce(revoked, expires)) > now() - interval '7 days'
    limit ${SCALE.sessions}`;
}

/** Every token each session issued: one per generation. */
function fillRefreshTokens(sql: Sql) {
  return sql`
    insert into refresh_tokens (token_hash, session_id, generation, created_at)
    select encode(sha256(convert_to(s.id::text || ':' || g, 'UTF8')), 'hex'), s.id, g,
      s.created_at + (s.last_used_at - s.created_at) * (g - 1) / s.generation
    from sessions s, generate_series(1, s.generation) as g`;
}

/**
 * Keys counted over the last two hours (what the limiter keeps), one-minute windows: mostly
 * client networks and accounts trying to log in, as during a guessing storm.
 */
function fillRateLimits(sql: Sql) {
  return sql`
    insert into rate_limits (name, key_hash, window_start, hits)
    select name, sha256(convert_to(name || ':' || n, 'UTF8')),
      to_timestamp(floor(extract(epoch from now() - interval '2 hours' * random()) / 60) * 60),
      1 + floor(20 * random() ^ 4)::int
    from generate_series(1, ${SCALE.rateLimits}::int) as n,
      lateral (select (array['loginIp', 'loginAccountNetwork', 'loginAccountNetwork',
        'loginAccount', 'loginAccount', 'refreshIp', 'mailAddress', 'mailIp', 'registerIp',
        'loginDevice'])[1 + n % 10]) as l(name)`;
}
