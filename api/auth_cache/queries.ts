import type { Sql } from "../db.ts";
import { type User, USER_COLUMNS } from "../users/queries.ts";
import type { AuthState, SessionState } from "./store.ts";

type Row = User & {
  session_user_id: number | null;
  revoked: boolean | null;
  expires_at_ms: number | null;
  access_generation: number | null;
  kept_access_generation: number | null;
};

/**
 * The user and, if it is theirs, the session, as the rows are: one round trip, on a cache miss
 * or while this process is fenced. Whether the session accepts a token is decided by the caller
 * (sessionAccepts), the same way for a cached row and a fresh one.
 */
export async function loadAuthState(
  sql: Sql,
  userId: number,
  sessionId: string,
): Promise<AuthState | undefined> {
  const [row] = await sql<Row[]>`
    select ${sql(USER_COLUMNS.map((column) => `u.${column}`))},
      s.user_id as session_user_id, s.revoked_at is not null as revoked,
      (extract(epoch from s.expires_at) * 1000)::float8 as expires_at_ms,
      s.access_generation, s.kept_access_generation
    from users u left join sessions s on s.id = ${sessionId} and s.user_id = u.id
    where u.id = ${userId}`;
  if (!row) return undefined;
  const {
    session_user_id,
    revoked,
    expires_at_ms,
    access_generation,
    kept_access_generation,
    ...user
  } = row;
  const session: SessionState | undefined = session_user_id === null ? undefined : {
    userId: session_user_id,
    revoked: revoked!,
    expiresAt: expires_at_ms!,
    accessGeneration: access_generation!,
    keptAccessGeneration: kept_access_generation,
  };
  return { user, session };
}
