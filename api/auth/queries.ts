/**
 * Sessions: one row per login, locked by every refresh and every revocation so the two are
 * serialised. The row names the one refresh-token generation that works; `refresh_tokens` holds
 * every token a session issued, so an old one presented again is known for reuse. Access tokens
 * carry the session's id as `sid` and the generation they were issued with.
 */
import type { Queryable, Sql } from "../db.ts";

export type SessionMeta = { userAgent: string | null; ip: string | null };
export type IssuedRefresh = {
  sessionId: string;
  userId: number;
  token: string;
  generation: number;
  /** When the session ends unless refreshed (never after its absolute limit). */
  expiresAt: Date;
  /** Logged in with "Keep me signed in": its cookie outlives the browser. */
  remember: boolean;
  /** What the login proved (RFC 8176 values: `pwd`, `otp`, `webauthn`), for the tokens' `amr`. */
  amr: string[];
  /** When the user last proved who they are in this session (the login, or a re-check). */
  authTime: Date;
};

export async function insertSession(
  sql: Queryable,
  input: {
    id: string;
    userId: number;
    ttlSeconds: number;
    maxAgeSeconds: number;
    remember: boolean;
    amr: string[];
    meta: SessionMeta;
  },
): Promise<{ expires_at: Date; auth_time: Date }> {
  const [row] = await sql<{ expires_at: Date; auth_time: Date }[]>`
    insert into sessions (id, user_id, remember, amr, expires_at, max_expires_at, user_agent, ip)
    values (
      ${input.id}, ${input.userId}, ${input.remember}, ${input.amr},
      now() + least(${input.ttlSeconds}::integer, ${input.maxAgeSeconds}::integer) * interval '1 second',
      now() + ${input.maxAgeSeconds} * interval '1 second',
      ${input.meta.userAgent?.slice(0, 512) ?? null}, ${input.meta.ip?.slice(0, 64) ?? null}
    )
    returning expires_at, auth_time`;
  return row;
}

export async function insertRefreshToken(
  sql: Queryable,
  input: { tokenHash: string; sessionId: string; generation: number },
): Promise<void> {
  await sql`
    insert into refresh_tokens (token_hash, session_id, generation)
    values (${input.tokenHash}, ${input.sessionId}, ${input.generation})`;
}

/** Which session issued a refresh token, and as which generation. */
export async function findRefreshToken(
  sql: Queryable,
  tokenHash: string,
): Promise<{ session_id: string; generation: number } | undefined> {
  const [row] = await sql<{ session_id: string; generation: number }[]>`
    select session_id, generation from refresh_tokens where token_hash = ${tokenHash}`;
  return row;
}

export type LockedSession = {
  id: string;
  user_id: number;
  generation: number;
  grace_generation: number | null;
  /** Rotated less than the grace period ago. */
  in_grace: boolean;
  revoked: boolean;
  expired: boolean;
  remember: boolean;
  amr: string[];
  auth_time: Date;
  /** The user's flags, for the claims of the access token a rotation issues. */
  admin: boolean;
  active: boolean;
};

/** A session's row, locked until the transaction ends: refreshes and revocations queue here. */
export async function lockSession(
  tx: Queryable,
  id: string,
  graceSeconds: number,
): Promise<LockedSession | undefined> {
  const [row] = await tx<LockedSession[]>`
    select id, user_id, generation, grace_generation,
      -- The clock, not now(): this transaction may have begun before the rotation it waited
      -- for, and must not see that rotation as younger than it is (with no grace, never).
      coalesce(
        ${graceSeconds}::integer > 0
          and rotated_at > clock_timestamp() - ${graceSeconds} * interval '1 second',
        false
      ) as in_grace,
      revoked_at is not null as revoked, expires_at <= now() as expired, remember, amr, auth_time,
      coalesce((select admin from users where users.id = user_id), false) as admin,
      coalesce((select active from users where users.id = user_id), false) as active
    from sessions where id = ${id}
    for update`;
  return row;
}

/**
 * Makes `generation` the one refresh token that works; `graceGeneration` may come back once within
 * the grace period.
 */
export async function advanceSession(
  tx: Queryable,
  id: string,
  next: {
    generation: number;
    graceGeneration: number | null;
    /** Refuses access tokens older than `from`, but for those of generation `kept`. */
    accessGeneration?: { from: number; kept: number };
    ttlSeconds: number;
    meta: SessionMeta;
  },
): Promise<Date> {
  const access = next.accessGeneration === undefined ? tx`` : tx`
    access_generation = ${next.accessGeneration.from},
    kept_access_generation = ${next.accessGeneration.kept},`;
  const [{ expires_at }] = await tx<{ expires_at: Date }[]>`
    update sessions set
      generation = ${next.generation},
      grace_generation = ${next.graceGeneration},
      ${access}
      rotated_at = now(),
      last_used_at = now(),
      expires_at = least(now() + ${next.ttlSeconds} * interval '1 second', max_expires_at),
      user_agent = ${next.meta.userAgent?.slice(0, 512) ?? null},
      ip = ${next.meta.ip?.slice(0, 64) ?? null}
    where id = ${id}
    returning expires_at`;
  return expires_at;
}

/** Ends one session; true when it was still alive. */
export async function revokeSession(sql: Queryable, id: string): Promise<boolean> {
  const rows = await sql`
    update sessions set revoked_at = now()
    where id = ${id} and revoked_at is null
    returning id`;
  return rows.length > 0;
}

/** Ends one of the user's own sessions; false when there is no such live session of theirs. */
export async function revokeOwnSession(
  sql: Queryable,
  userId: number,
  id: string,
): Promise<boolean> {
  const rows = await sql`
    update sessions set revoked_at = now()
    where id = ${id} and user_id = ${userId} and revoked_at is null
    returning id`;
  return rows.length > 0;
}

/** Ends every session of a user, except optionally the caller's own; returns how many ended. */
export async function revokeUserSessions(
  sql: Queryable,
  userId: number,
  options: { except?: string } = {},
): Promise<number> {
  const keep = options.except === undefined ? sql`` : sql`and id <> ${options.except}`;
  const rows = await sql`
    update sessions set revoked_at = now()
    where user_id = ${userId} and revoked_at is null ${keep}
    returning id`;
  return rows.length;
}

export type SessionSummary = {
  id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_used_at: Date;
};

/** A user's live sessions (a device or browser each), most recently used first. */
export async function listSessions(sql: Sql, userId: number): Promise<SessionSummary[]> {
  return await sql<SessionSummary[]>`
    select id, user_agent, ip, created_at, last_used_at
    from sessions
    where user_id = ${userId} and revoked_at is null and expires_at > now()
    order by last_used_at desc, id`;
}

export type KeptSession = Omit<SessionSummary, "id"> & {
  id: string;
  expires_at: Date;
  revoked_at: Date | null;
};

/** Every session row kept about a user, live or ended (until the retention job), newest first. */
export async function listKeptSessions(sql: Sql, userId: number): Promise<KeptSession[]> {
  return await sql<KeptSession[]>`
    select id, user_agent, ip, created_at, last_used_at, expires_at, revoked_at
    from sessions
    where user_id = ${userId}
    order by created_at desc, id`;
}
