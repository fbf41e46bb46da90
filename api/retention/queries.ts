/** The retention job's SQL: a lock that one replica holds per round, and the deletions. */
import type { Queryable, Sql } from "../db.ts";

// Any fixed number, distinct from the migration runner's; every replica uses the same one.
const LOCK_KEY = 4_127_730_552;

/**
 * Runs `work` in a transaction holding the retention lock, or returns undefined at once when
 * another replica holds it: that replica is doing this round, and waiting would only repeat it.
 */
export async function withRetentionLock<T>(
  sql: Sql,
  work: (tx: Queryable) => Promise<T>,
): Promise<T | undefined> {
  const result = await sql.begin(async (tx) => {
    const [{ locked }] = await tx<{ locked: boolean }[]>`
      select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`;
    return locked ? { value: await work(tx) } : undefined;
  });
  return result?.value as T | undefined;
}

/** Sessions that expired or were revoked more than `days` ago; returns how many. */
export async function deleteEndedSessions(tx: Queryable, days: number): Promise<number> {
  const cutoff = tx`now() - make_interval(days => ${days})`;
  const result =
    await tx`delete from sessions where expires_at < ${cutoff} or revoked_at < ${cutoff}`;
  return result.count;
}

/**
 * Rate-limit windows older than `seconds`, which no limit reads any more. The limiter sweeps a
 * few on its calls; after a storm of new keys, the rest go here rather than in a request.
 */
export async function deleteExpiredRateLimits(tx: Queryable, seconds: number): Promise<number> {
  const result = await tx`
    delete from rate_limits where window_start < now() - make_interval(secs => ${seconds})`;
  return result.count;
}

/** Audit events older than `days`, through the function that may delete them; returns how many. */
export async function pruneAuditEvents(tx: Queryable, days: number): Promise<number> {
  const [{ deleted }] = await tx<{ deleted: string }[]>`
    select prune_audit_events(make_interval(days => ${days})) as deleted`;
  return Number(deleted);
}
