import { recordEvent } from "../audit/queries.ts";
import type { Sql } from "../db.ts";
import { invalidPayload } from "../http/errors.ts";
import type { RateLimiter } from "../security/rate_limit.ts";
import { findUserWithHashByEmail, updateUser, type User } from "../users/queries.ts";
import type { PasswordHasher } from "./passwords.ts";
import { revokeUserSessions } from "./sessions.ts";

/**
 * PUT /auth/password: proves the current password, sets the new one and signs out every other
 * session (a thief who had the old password loses their foothold); the caller's stays.
 */
export async function changePassword(
  deps: { sql: Sql; passwords: PasswordHasher; limiter: RateLimiter },
  input: { user: User; sessionId: string; current: string; next: string; ip: string | null },
): Promise<number> {
  const { sql, passwords, limiter } = deps;
  // Guessing the current password here is guessing a login: the same limit applies.
  await limiter.check("loginEmail", input.user.email);
  const stored = await findUserWithHashByEmail(sql, input.user.email);
  if (!stored || !(await passwords.verify(input.current, stored.password_hash))) {
    await limiter.hit("loginEmail", input.user.email);
    throw invalidPayload([
      { field: "current_password", message: "Current password is incorrect." },
    ]);
  }
  const password_hash = await passwords.hash(input.next);
  return await sql.begin(async (tx) => {
    await updateUser(tx, input.user.id, { password_hash });
    const revoked = await revokeUserSessions(tx, input.user.id, { except: input.sessionId });
    await recordEvent(tx, {
      action: "auth.password_changed",
      actorId: input.user.id,
      targetId: input.user.id,
      detail: { other_sessions_revoked: revoked },
      ip: input.ip,
    });
    return revoked;
  });
}
