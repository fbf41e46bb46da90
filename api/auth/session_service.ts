/**
 * The life of a session's tokens: start, rotate, re-issue. Every change locks the session's row
 * first, so a refresh and a revocation are serialised and the session never has more than one
 * refresh token that works.
 */
import { recordEvent } from "../audit/queries.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { unauthorized } from "../http/errors.ts";
import { SESSION_EXPIRED } from "./middleware.ts";
import {
  advanceSession,
  findRefreshToken,
  insertRefreshToken,
  insertSession,
  type IssuedRefresh,
  lockSession,
  revokeSession,
  type SessionMeta,
} from "./queries.ts";
import { hashToken, newRefreshToken } from "./refresh_token.ts";
import type { IssuedToken } from "./tokens.ts";

type SessionDeps = Pick<Deps, "sql" | "tokens" | "config">;
/** A new or renewed session: the access token for the body, the refresh token for the cookie. */
export type SignedIn = { access: IssuedToken; refresh: IssuedRefresh };

/** Starts a session for a user who just proved who they are. */
export async function startSession(
  sql: Queryable,
  userId: number,
  limits: { ttlSeconds: number; maxAgeSeconds: number; remember?: boolean; amr?: string[] },
  meta: SessionMeta,
): Promise<IssuedRefresh> {
  const sessionId = crypto.randomUUID();
  const remember = limits.remember ?? true;
  const amr = limits.amr ?? ["pwd"];
  const { expires_at: expiresAt, auth_time: authTime } = await insertSession(sql, {
    id: sessionId,
    userId,
    ...limits,
    remember,
    amr,
    meta,
  });
  const token = await issueToken(sql, sessionId, 1);
  return { sessionId, userId, token, generation: 1, expiresAt, remember, amr, authTime };
}

/** A session's idle limit: short unless it was started with "Keep me signed in". */
export function idleSeconds(config: SessionDeps["config"], remember: boolean): number {
  return remember ? config.refreshTokenTtl : config.browserSessionTtl;
}

/**
 * Exchanges the session's current refresh token for the next one. The token the last rotation
 * replaced may come back once within the grace period (a page reloaded mid-refresh) and is
 * answered like the current one, which it then replaces: after it, only the newest token works.
 * Any other old token is a stolen copy or a replay: the session ends. Undefined when refused.
 */
export async function rotateSession(
  deps: SessionDeps,
  token: string,
  meta: SessionMeta,
): Promise<SignedIn | undefined> {
  const { sql, config } = deps;
  const presented = await findRefreshToken(sql, await hashToken(token));
  if (!presented) return undefined;
  return await sql.begin(async (tx) => {
    const session = await lockSession(tx, presented.session_id, config.refreshReuseGrace);
    if (!session || session.revoked) return undefined;
    const current = presented.generation === session.generation;
    const graceReplay = !current && session.in_grace &&
      presented.generation === session.grace_generation;
    if (!current && !graceReplay) {
      await revokeSession(tx, session.id);
      await recordEvent(tx, {
        action: "auth.refresh_reused",
        targetId: session.user_id,
        detail: { session_id: session.id },
        ip: meta.ip,
      });
      return undefined;
    }
    if (session.expired) return undefined;
    const generation = session.generation + 1;
    const next = await issueToken(tx, session.id, generation);
    const expiresAt = await advanceSession(tx, session.id, {
      generation,
      // A grace replay spends the grace: nothing older may come back after it.
      graceGeneration: current ? session.generation : null,
      ttlSeconds: idleSeconds(config, session.remember),
      meta,
    });
    const refresh = {
      sessionId: session.id,
      userId: session.user_id,
      token: next,
      generation,
      remember: session.remember,
      amr: session.amr,
      authTime: session.auth_time,
    };
    // Signed before the commit: nothing that can fail runs after it.
    return await signedIn(deps, { ...refresh, expiresAt }, session);
  });
}

/**
 * Gives the caller's session a fresh refresh token and refuses every other token of it at once,
 * refresh or access, but for the caller's own access token: after "sign out everywhere else" or a
 * password change, whoever else held a copy of this session's tokens is out. Runs inside the
 * caller's transaction.
 */
export async function reissueSession(
  tx: Queryable,
  caller: { sessionId: string; accessGeneration: number },
  config: SessionDeps["config"],
  meta: SessionMeta,
): Promise<IssuedRefresh> {
  const { sessionId } = caller;
  const session = await lockSession(tx, sessionId, 0);
  if (!session || session.revoked || session.expired) throw unauthorized(SESSION_EXPIRED, true);
  const generation = session.generation + 1;
  const token = await issueToken(tx, session.id, generation);
  const expiresAt = await advanceSession(tx, session.id, {
    generation,
    graceGeneration: null,
    accessGeneration: { from: generation, kept: caller.accessGeneration },
    ttlSeconds: idleSeconds(config, session.remember),
    meta,
  });
  const { remember, amr, auth_time: authTime } = session;
  return {
    sessionId,
    userId: session.user_id,
    token,
    generation,
    expiresAt,
    remember,
    amr,
    authTime,
  };
}

/**
 * The access token that goes with a session's refresh token; it never outlives the session. The
 * user's flags go into it for other services.
 */
export async function signedIn(
  deps: SessionDeps,
  refresh: IssuedRefresh,
  user: { admin: boolean; active: boolean },
): Promise<SignedIn> {
  const subject = { userId: refresh.userId, admin: user.admin, active: user.active };
  const access = await deps.tokens.issue(subject, refresh.sessionId, {
    generation: refresh.generation,
    notAfter: refresh.expiresAt,
    amr: refresh.amr,
    authTime: refresh.authTime,
  });
  return { access, refresh };
}

async function issueToken(sql: Queryable, sessionId: string, generation: number) {
  const token = newRefreshToken();
  await insertRefreshToken(sql, { tokenHash: await hashToken(token), sessionId, generation });
  return token;
}
