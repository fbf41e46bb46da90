/**
 * The caller's own account under /auth: changing the password and ending sessions. Each change is
 * written in one transaction with its audit event.
 */
import { recordEvent } from "../audit/queries.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { afterPasswordSet } from "../email/notices.ts";
import { invalidPayload, notFound } from "../http/errors.ts";
import { isUuid } from "../http/ids.ts";
import { checkNewPassword } from "./password_policy.ts";
import { findUserWithHashByEmail, updateUser } from "../users/queries.ts";
import { reserveReauthentication } from "./login_attempts.ts";
import {
  type IssuedRefresh,
  revokeOwnSession as revokeOwn,
  revokeUserSessions,
} from "./queries.ts";
import { reissueSession } from "./session_service.ts";
import { type Caller, ownEvent } from "./service.ts";

type AccountDeps = Pick<Deps, "sql" | "config">;
/** The caller's session's new refresh token, and how many other sessions ended. */
export type Secured = { refresh: IssuedRefresh; revoked: number };

/**
 * Proves the current password, sets the new one and signs out every other session (a thief who
 * had the old password loses their foothold); the caller's session stays, with a new refresh token.
 */
export async function changePassword(
  deps: AccountDeps & Pick<Deps, "passwords" | "limiter">,
  caller: Caller,
  passwords: { current: string; next: string },
): Promise<Secured> {
  const { sql, limiter } = deps;
  const { user } = caller;
  await checkNewPassword(passwords.next, user, "new_password");
  // Counted against this user, not their email's login limits: a session holder guessing here
  // is stopped without locking the owner's logins, and a locked login never blocks this.
  const attempt = await reserveReauthentication(limiter, user.id);
  const stored = await findUserWithHashByEmail(sql, user.email);
  if (!stored || !(await deps.passwords.verify(passwords.current, stored.password_hash))) {
    throw invalidPayload([
      { field: "current_password", message: "Current password is incorrect." },
    ]);
  }
  await attempt.succeeded();
  const password_hash = await deps.passwords.hash(passwords.next);
  return await sql.begin(async (tx) => {
    await updateUser(tx, user.id, { password_hash });
    await afterPasswordSet(tx, deps.config, user);
    const secured = await secureSession(tx, deps, caller);
    await recordEvent(
      tx,
      ownEvent(caller, "auth.password_changed", { other_sessions_revoked: secured.revoked }),
    );
    return secured;
  });
}

/**
 * "Sign out everywhere else": every session of the caller but this one ends, and this one gets
 * a new refresh token, so a copy of its tokens in someone else's hands stops working too.
 */
export async function revokeOtherSessions(deps: AccountDeps, caller: Caller): Promise<Secured> {
  return await deps.sql.begin(async (tx) => {
    const secured = await secureSession(tx, deps, caller);
    await recordEvent(tx, ownEvent(caller, "auth.session_revoked", { others: secured.revoked }));
    return secured;
  });
}

async function secureSession(tx: Queryable, deps: AccountDeps, caller: Caller): Promise<Secured> {
  const revoked = await revokeUserSessions(tx, caller.user.id, { except: caller.sessionId });
  const refresh = await reissueSession(tx, caller, deps.config, caller);
  return { refresh, revoked };
}

/** Ends one of the caller's own sessions (possibly this one); 404 for anyone else's. */
export async function revokeOwnSession(
  deps: Pick<Deps, "sql">,
  caller: Caller,
  sessionId: string,
): Promise<void> {
  const revoked = isUuid(sessionId) && await deps.sql.begin(async (tx) => {
    if (!(await revokeOwn(tx, caller.user.id, sessionId))) return false;
    await recordEvent(tx, ownEvent(caller, "auth.session_revoked", { session_id: sessionId }));
    return true;
  });
  if (!revoked) throw notFound("Session does not exist.");
}
