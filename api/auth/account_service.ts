/**
 * The caller's own account under /auth: changing the password and ending sessions. Each change is
 * written in one transaction with its audit event.
 */
import { recordEvent } from "../audit/queries.ts";
import type { Deps } from "../deps.ts";
import { invalidPayload, notFound } from "../http/errors.ts";
import { isUuid } from "../http/ids.ts";
import { checkNewPassword } from "./password_policy.ts";
import { findUserWithHashByEmail, updateUser } from "../users/queries.ts";
import { revokeOwnFamily, revokeUserSessions } from "./queries.ts";
import { type Caller, ownEvent } from "./service.ts";

/**
 * Proves the current password, sets the new one and signs out every other session (a thief who
 * had the old password loses their foothold); the caller's stays. Returns how many ended.
 */
export async function changePassword(
  deps: Pick<Deps, "sql" | "passwords" | "limiter">,
  caller: Caller,
  passwords: { current: string; next: string },
): Promise<number> {
  const { sql, limiter } = deps;
  const { user } = caller;
  await checkNewPassword(passwords.next, user, "new_password");
  // Guessing the current password here is guessing a login: the same limit applies.
  await limiter.check("loginEmail", user.email);
  const stored = await findUserWithHashByEmail(sql, user.email);
  if (!stored || !(await deps.passwords.verify(passwords.current, stored.password_hash))) {
    await limiter.hit("loginEmail", user.email);
    throw invalidPayload([
      { field: "current_password", message: "Current password is incorrect." },
    ]);
  }
  const password_hash = await deps.passwords.hash(passwords.next);
  return await sql.begin(async (tx) => {
    await updateUser(tx, user.id, { password_hash });
    const revoked = await revokeUserSessions(tx, user.id, { except: caller.sessionId });
    await recordEvent(
      tx,
      ownEvent(caller, "auth.password_changed", { other_sessions_revoked: revoked }),
    );
    return revoked;
  });
}

/** "Sign out everywhere else": every session of the caller but this one; returns how many. */
export async function revokeOtherSessions(
  deps: Pick<Deps, "sql">,
  caller: Caller,
): Promise<number> {
  return await deps.sql.begin(async (tx) => {
    const count = await revokeUserSessions(tx, caller.user.id, { except: caller.sessionId });
    await recordEvent(tx, ownEvent(caller, "auth.session_revoked", { others: count }));
    return count;
  });
}

/** Ends one of the caller's own sessions (possibly this one); 404 for anyone else's. */
export async function revokeOwnSession(
  deps: Pick<Deps, "sql">,
  caller: Caller,
  sessionId: string,
): Promise<void> {
  const revoked = isUuid(sessionId) && await deps.sql.begin(async (tx) => {
    if (!(await revokeOwnFamily(tx, caller.user.id, sessionId))) return false;
    await recordEvent(tx, ownEvent(caller, "auth.session_revoked", { session_id: sessionId }));
    return true;
  });
  if (!revoked) throw notFound("Session does not exist.");
}
