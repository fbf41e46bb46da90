/**
 * The audit trail. Callers write an event with the same transaction (`tx`) as the change it
 * describes, so an event exists exactly when its change does.
 */
import type { JSONValue } from "postgres";
import type { Queryable, Sql } from "../db.ts";

export type AuditAction =
  | "user.registered"
  | "auth.login"
  | "auth.login_failed"
  | "auth.logout"
  | "auth.refresh_reused"
  | "auth.password_changed"
  | "auth.session_revoked"
  | "user.updated"
  | "admin.user_created"
  | "admin.user_updated"
  | "admin.user_deleted"
  | "operator.user_created"
  | "system.first_admin_created"
  | "auth.verification_sent"
  | "auth.email_verified"
  | "auth.registration_email_taken"
  | "auth.password_reset_requested"
  | "auth.password_reset"
  | "user.email_change_requested"
  | "user.email_changed"
  | "admin.verification_sent"
  | "admin.password_reset_sent"
  | "user.account_deleted"
  | "user.data_exported"
  | "auth.mfa_enabled"
  | "auth.mfa_disabled"
  | "auth.recovery_codes_regenerated"
  | "auth.mfa_failed"
  | "auth.reauthenticated"
  | "admin.mfa_reset"
  | "auth.passkey_added"
  | "auth.passkey_renamed"
  | "auth.passkey_removed";

export type Changes = Record<string, { old: unknown; new: unknown }>;

export type AuditEventInput = {
  action: AuditAction;
  actorId?: number | null;
  targetId?: number | null;
  changes?: Changes | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
};

export type AuditEvent = {
  id: number;
  occurred_at: Date;
  action: AuditAction;
  actor_id: number | null;
  target_id: number | null;
  changes: Changes | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  /** The actor's and the target's usernames now; null once the user is deleted. */
  actor_name: string | null;
  target_name: string | null;
};

export type EventFilter = {
  /** Events the user did or underwent. */
  userId?: number;
  /** The same, the user named by username (any case); none when no one has it. */
  username?: string;
  action?: AuditAction;
  /** From this instant (inclusive) to that one (exclusive). */
  from?: Date;
  to?: Date;
};

// Each event with the current usernames of its actor and target.
const EVENT_COLUMNS = (sql: Sql) =>
  sql`
  e.id, e.occurred_at, e.action, e.actor_id, e.target_id, e.changes, e.detail, e.ip,
  actor.username as actor_name, target.username as target_name
  from audit_events e
  left join users actor on actor.id = e.actor_id
  left join users target on target.id = e.target_id`;

/**
 * What an event keeps of a value the client typed freely (the email of a failed login): at most
 * `max` characters, cut between code points, so no caller can grow the trail without bound.
 */
export function clipped(value: string, max = 254): string {
  return [...value].slice(0, max).join("").toWellFormed();
}

export async function recordEvent(tx: Queryable, event: AuditEventInput): Promise<void> {
  await tx`
    insert into audit_events (action, actor_id, target_id, changes, detail, ip)
    values (
      ${event.action}, ${event.actorId ?? null}, ${event.targetId ?? null},
      ${event.changes ? tx.json(event.changes as JSONValue) : null},
      ${event.detail ? tx.json(event.detail as JSONValue) : null},
      ${event.ip?.slice(0, 64) ?? null}
    )`;
}

/**
 * Newest first, filtered; `beforeId` is the cursor. About one user, the page is merged from two
 * index scans, the events they did and those they underwent, each stopping after a page: as one
 * `actor_id = … or target_id = …` filter, PostgreSQL walks the whole trail backwards from the
 * cursor until it has found a page, which for a user whose events are all old reads millions of
 * rows (docs/scale.md).
 */
export async function listEvents(
  sql: Sql,
  options: EventFilter & { limit: number; beforeId?: number },
): Promise<AuditEvent[]> {
  const { userId, username, action, from, to, limit, beforeId } = options;
  const conditions = [sql`true`];
  const named = username === undefined
    ? undefined
    : sql`(select id from users where lower(username) = lower(${username}))`;
  // Behind a sub-select, the id is planned for as any user's, not as this one's statistics say:
  // for a user they count as frequent, PostgreSQL would rather walk the primary key backwards
  // (expecting a page soon) than take the index that holds exactly their events.
  const who = userId !== undefined ? sql`(select ${userId}::bigint)` : named;
  if (userId !== undefined && named !== undefined) {
    conditions.push(sql`(e.actor_id = ${named} or e.target_id = ${named})`);
  }
  if (action !== undefined) conditions.push(sql`e.action = ${action}`);
  if (from !== undefined) conditions.push(sql`e.occurred_at >= ${from}`);
  if (to !== undefined) conditions.push(sql`e.occurred_at < ${to}`);
  if (beforeId !== undefined) conditions.push(sql`e.id < ${beforeId}`);
  const where = conditions.reduce((all, next) => sql`${all} and ${next}`);
  if (who === undefined) {
    return await sql<AuditEvent[]>`
      select ${EVENT_COLUMNS(sql)} where ${where} order by e.id desc limit ${limit}`;
  }
  const newest = (column: string) =>
    sql`(
      select e.id from audit_events e where e.${sql(column)} = ${who} and ${where}
      order by e.id desc limit ${limit}
    )`;
  return await sql<AuditEvent[]>`
    select ${EVENT_COLUMNS(sql)}
    where e.id in (${newest("actor_id")} union all ${newest("target_id")})
    order by e.id desc
    limit ${limit}`;
}

/** Every event a user did or underwent, newest first (the retention job bounds how many). */
export async function listAllEventsOf(sql: Sql, userId: number): Promise<AuditEvent[]> {
  return await sql<AuditEvent[]>`
    select ${EVENT_COLUMNS(sql)}
    where e.actor_id = ${userId} or e.target_id = ${userId}
    order by e.id desc`;
}
