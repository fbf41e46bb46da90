import type { Sql } from "../db.ts";
import { type User, USER_COLUMNS } from "../users/queries.ts";

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
