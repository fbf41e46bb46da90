/**
 * Sessions behind refresh tokens. A login starts a family; each refresh rotates the token within
 * it. Access tokens carry the family id as `sid`, so revoking a family ends its access tokens at
 * once (every authenticated request checks that the family is alive).
 */
import { recordEvent } from "../audit/queries.ts";
import type { Queryable, Sql } from "../db.ts";

export type SessionMeta = { userAgent: string | null; ip: string | null };
export type IssuedRefresh = { familyId: string; userId: number; token: string; expiresAt: Date };
export type RotateResult =
  | ({ ok: true } & IssuedRefresh)
  | { ok: false; reason: "unknown" | "expired" | "revoked" }
  | { ok: false; reason: "reused"; familyId: string; userId: number };

const TOKEN_BYTES = 32;

/** Starts a new session family for a user who just proved who they are. */
export async function startSession(
  sql: Queryable,
  userId: number,
  ttlSeconds: number,
  meta: SessionMeta,
): Promise<IssuedRefresh> {
  const familyId = crypto.randomUUID();
  return await insertToken(sql, { userId, familyId, ttlSeconds, meta });
}

/**
 * Exchanges a refresh token for a new one in the same family. A token that was already rotated
 * (longer ago than `graceSeconds`) is a stolen copy or a replay: the whole family is revoked.
 */
export async function rotateSession(
  sql: Sql,
  token: string,
  ttlSeconds: number,
  meta: SessionMeta,
  graceSeconds = 0,
): Promise<RotateResult> {
  const hash = await hashToken(token);
  return await sql.begin(async (tx): Promise<RotateResult> => {
    const [row] = await tx<
      {
        id: string;
        user_id: number;
        family_id: string;
        expired: boolean;
        rotated_at: Date | null;
        in_grace: boolean;
        revoked_at: Date | null;
      }[]
    >`
      select id, user_id, family_id, expires_at <= now() as expired, rotated_at, revoked_at,
        coalesce(rotated_at > now() - ${graceSeconds} * interval '1 second', false) as in_grace
      from sessions where refresh_token_hash = ${hash}
      for update`;
    if (!row) return { ok: false, reason: "unknown" };
    if (row.revoked_at) return { ok: false, reason: "revoked" };
    // A page reloaded while its refresh was in flight presents the old token again a moment
    // later: within the grace period that is the same browser, not a thief.
    if (row.rotated_at && !row.in_grace) {
      await revokeFamilyWith(tx, row.family_id);
      await recordEvent(tx, {
        action: "auth.refresh_reused",
        targetId: row.user_id,
        detail: { session_id: row.family_id },
        ip: meta.ip,
      });
      return { ok: false, reason: "reused", familyId: row.family_id, userId: row.user_id };
    }
    if (row.expired) return { ok: false, reason: "expired" };
    await tx`
      update sessions set rotated_at = coalesce(rotated_at, now()), last_used_at = now()
      where id = ${row.id}`;
    const issued = await insertToken(tx, {
      userId: row.user_id,
      familyId: row.family_id,
      ttlSeconds,
      meta,
    });
    return { ok: true, ...issued };
  });
}

/** Ends one session family (logout); true when it was still alive. */
export async function revokeSession(sql: Queryable, familyId: string): Promise<boolean> {
  return await revokeFamilyWith(sql, familyId);
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

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function revokeFamilyWith(sql: Queryable, familyId: string): Promise<boolean> {
  const rows = await sql`
    update sessions set revoked_at = now()
    where family_id = ${familyId} and revoked_at is null
    returning id`;
  return rows.length > 0;
}

async function insertToken(
  sql: Queryable,
  input: { userId: number; familyId: string; ttlSeconds: number; meta: SessionMeta },
): Promise<IssuedRefresh> {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  const token = btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
  const [{ expires_at }] = await sql<{ expires_at: Date }[]>`
    insert into sessions
      (id, user_id, family_id, refresh_token_hash, user_agent, ip, expires_at)
    values (
      ${crypto.randomUUID()}, ${input.userId}, ${input.familyId}, ${await hashToken(token)},
      ${input.meta.userAgent?.slice(0, 512) ?? null}, ${input.meta.ip?.slice(0, 64) ?? null},
      now() + ${input.ttlSeconds} * interval '1 second'
    )
    returning expires_at`;
  return { familyId: input.familyId, userId: input.userId, token, expiresAt: expires_at };
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

/** Ends one of the user's own sessions; false when there is no such live session of theirs. */
export async function revokeOwnSession(
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
