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
  | "user.account_deleted"
  | "user.data_exported";

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
};

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

/** Newest first; `userId` keeps events the user did or underwent; `beforeId` is the cursor. */
export async function listEvents(
  sql: Sql,
  options: { userId?: number; limit: number; beforeId?: number },
): Promise<AuditEvent[]> {
  const { userId, limit, beforeId } = options;
  const byUser = userId === undefined
    ? sql`true`
    : sql`(actor_id = ${userId} or target_id = ${userId})`;
  const before = beforeId === undefined ? sql`` : sql`and id < ${beforeId}`;
  return await sql<AuditEvent[]>`
    select id, occurred_at, action, actor_id, target_id, changes, detail, ip
    from audit_events
    where ${byUser} ${before}
    order by id desc
    limit ${limit}`;
}

/** Every event a user did or underwent, newest first (the retention job bounds how many). */
export async function listAllEventsOf(sql: Sql, userId: number): Promise<AuditEvent[]> {
  return await sql<AuditEvent[]>`
    select id, occurred_at, action, actor_id, target_id, changes, detail, ip
    from audit_events
    where actor_id = ${userId} or target_id = ${userId}
    order by id desc`;
}
