/**
 * The users and sessions that authenticated requests need, answered from memory while this
 * process provably hears every change (channel.ts), and from PostgreSQL otherwise. With
 * AUTH_CACHE_FENCE_MS=0 there is no cache: every request reads the database, as before.
 */
import type { Sql } from "../db.ts";
import type { Logger } from "../http/logger.ts";
import { type AuthChannel, startAuthChannel } from "./channel.ts";
import { loadAuthState } from "./queries.ts";
import { type AuthState, createAuthStore, type SessionState } from "./store.ts";

export type { AuthState, SessionState };

export type AuthCache = {
  /** The caller's user and session (undefined: no such user). */
  lookup(userId: number, sessionId: string): Promise<AuthState | undefined>;
  /**
   * Call after a change to users or sessions has committed and before answering: resolves once
   * no process can still answer from what the change replaced (bounded by the fence).
   */
  barrier(): Promise<void>;
  close(): Promise<void>;
};

export function createAuthCache(
  sql: Sql,
  options: { databaseUrl: string; fenceMs: number; logger: Logger },
): AuthCache {
  if (options.fenceMs <= 0) {
    return {
      lookup: (userId, sessionId) => loadAuthState(sql, userId, sessionId),
      barrier: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  const store = createAuthStore();
  const channel: AuthChannel = startAuthChannel({ ...options, store });
  return {
    lookup(userId, sessionId) {
      // Checked and read in one synchronous step: nothing can be applied in between.
      if (!channel.fresh()) return loadAuthState(sql, userId, sessionId);
      const cached = store.get(userId, sessionId);
      if (cached) return Promise.resolve(cached);
      return store.read(userId, sessionId, () => loadAuthState(sql, userId, sessionId));
    },
    barrier: () => channel.barrier(),
    close: () => channel.close(),
  };
}

/** Whether a session lets an access token of `generation` for `userId` in. */
export function sessionAccepts(
  session: SessionState | undefined,
  userId: number,
  generation: number,
  now = Date.now(),
): boolean {
  return session !== undefined && session.userId === userId && !session.revoked &&
    session.expiresAt > now &&
    (session.accessGeneration <= generation || session.keptAccessGeneration === generation);
}
