/**
 * Sessions behind refresh tokens: one row per refresh token, grouped into families. A login starts
 * a family; each refresh rotates the token within it. Access tokens carry the family id as `sid`.
 */
import type { Queryable, Sql } from "../db.ts";
import { type User, USER_COLUMNS } from "../users/queries.ts";

export type SessionMeta = { userAgent: string | null; ip: string | null };
export type IssuedRefresh = { familyId: string; userId: number; token: string; expiresAt: Date };

/**
 * The user behind an access token, and whether its session family is still alive: one round
 * trip per authenticated request, so a logout or a revocation takes effect at once.
 */
export async function findSessionUser(
  sql: Sql,
  userId: number,
  sessionId: string,
): Promise<{ user: User; sessionAlive: boolean } | undefined> {
  const [row] = await sql<(User & { session_alive: boolean })[]>`
    select ${sql(USER_COLUMNS)}, exists (
      select 1 from sessions
      where family_id = ${sessionId} and user_id = ${userId}
        and revoked_at is null and expires_at > now()
    ) as session_alive
    from users where id = ${userId}`;
  if (!row) return undefined;
  const { session_alive, ...user } = row;
  return { user, sessionAlive: session_alive };
}

export async function insertRefreshToken(
  sql: Queryable,
  input: {
    userId: number;
    familyId: string;
    tokenHash: string;
    ttlSeconds: number;
    meta: SessionMeta;
  },
): Promise<Date> {
  const [{ expires_at }] = await sql<{ expires_at: Date }[]>`
    insert into sessions
      (id, user_id, family_id, refresh_token_hash, user_agent, ip, expires_at)
    values (
      ${crypto.randomUUID()}, ${input.userId}, ${input.familyId}, ${input.tokenHash},
      ${input.meta.userAgent?.slice(0, 512) ?? null}, ${input.meta.ip?.slice(0, 64) ?? null},
      now() + ${input.ttlSeconds} * interval '1 second'
    )
    returning expires_at`;
  return expires_at;
}

export type PresentedToken = {
  id: string;
  user_id: number;
  family_id: string;
  expired: boolean;
  rotated_at: Date | null;
  /** Rotated less than the grace period ago. */
  in_grace: boolean;
  revoked_at: Date | null;
};

/** The row of a presented refresh token, locked until the transaction ends. */
export async function lockRefreshToken(
  tx: Queryable,
  tokenHash: string,
  graceSeconds: number,
): Promise<PresentedToken | undefined> {
  const [row] = await tx<PresentedToken[]>`
    select id, user_id, family_id, expires_at <= now() as expired, rotated_at, revoked_at,
      coalesce(rotated_at > now() - ${graceSeconds} * interval '1 second', false) as in_grace
    from sessions where refresh_token_hash = ${tokenHash}
    for update`;
  return row;
}

/** Marks a token as exchanged (the first time only) and its session as just used. */
export async function markRotated(tx: Queryable, id: string): Promise<void> {
  await tx`
    update sessions set rotated_at = coalesce(rotated_at, now()), last_used_at = now()
    where id = ${id}`;
}

/** Ends one session family; true when it was still alive. */
export async function revokeFamily(sql: Queryable, familyId: string): Promise<boolean> {
  const rows = await sql`
    update sessions set revoked_at = now()
    where family_id = ${familyId} and revoked_at is null
    returning id`;
  return rows.length > 0;
}

/** Ends one of the user's own sessions; false when there is no such live session of theirs. */
export async function revokeOwnFamily(
  sql: Queryable,
  userId: number,
  familyId: string,
): Promise<boolean> {
  const rows = await sql`
    update sessions set revoked_at = now()
    where family_id = ${familyId} and user_id = ${userId} and revoked_at is null
    returning id`;
  return rows.length > 0;
}

/** Ends every session of a user, except optionally the caller's own; returns how many ended. */
export async function revokeUserSessions(
  sql: Queryable,
  userId: number,
  options: { except?: string } = {},
): Promise<number> {
  const keep = options.except === undefined ? sql`` : sql`and family_id <> ${options.except}`;
  const [{ count }] = await sql<{ count: number }[]>`
    with revoked as (
      update sessions set revoked_at = now()
      where user_id = ${userId} and revoked_at is null ${keep}
      returning family_id
    )
    select count(distinct family_id)::int as count from revoked`;
  return count;
}

export type SessionSummary = {
  id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_used_at: Date;
};

/** A user's live sessions, one per family (a device or browser), most recently used first. */
export async function listSessions(sql: Sql, userId: number): Promise<SessionSummary[]> {
  return await sql<SessionSummary[]>`
    select family_id as id,
      (array_agg(user_agent order by created_at desc))[1] as user_agent,
      (array_agg(ip order by created_at desc))[1] as ip,
      min(created_at) as created_at,
      max(last_used_at) as last_used_at
    from sessions
    where user_id = ${userId}
    group by family_id
    having bool_and(revoked_at is null) and max(expires_at) > now()
    order by max(last_used_at) desc`;
}
