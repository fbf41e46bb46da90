/**
 * The caller's account as a whole: deleting it (GDPR art. 17) and a copy of everything the
 * service keeps about it (art. 15 and 20). Both are written to the audit trail.
 */
import { type AuditEvent, listAllEventsOf, recordEvent } from "../audit/queries.ts";
import type { Deps } from "../deps.ts";
import { conflict, invalidPayload, unauthorized } from "../http/errors.ts";
import {
  countOtherActiveAdmins,
  deleteUser,
  findUserWithHashByEmail,
  lockAdmins,
  lockUser,
  type User,
} from "../users/queries.ts";
import { reserveReauthentication } from "./login_attempts.ts";
import { SESSION_EXPIRED } from "./middleware.ts";
import { type KeptSession, listKeptSessions } from "./queries.ts";
import { type Caller, ownEvent } from "./service.ts";

export const LAST_ADMIN_LEAVING =
  "You are the last active admin: make another user an admin before deleting your account.";

/**
 * Deletes the caller's account once their current password is proven (a stolen access token alone
 * cannot): their sessions go with it. The last active admin cannot leave the service without one.
 */
export async function deleteOwnAccount(
  deps: Pick<Deps, "sql" | "passwords" | "limiter">,
  caller: Caller,
  currentPassword: string,
): Promise<void> {
  const { sql, passwords, limiter } = deps;
  const { user } = caller;
  // The same per-user limit as a password change: a session holder guessing is stopped there.
  const attempt = await reserveReauthentication(limiter, user.id);
  const stored = await findUserWithHashByEmail(sql, user.email);
  if (!stored || !(await passwords.verify(currentPassword, stored.password_hash))) {
    throw invalidPayload([
      { field: "current_password", message: "Current password is incorrect." },
    ]);
  }
  await attempt.succeeded();
  await sql.begin(async (tx) => {
    // Taken like every change that could leave no active admin (users/service.ts).
    await lockAdmins(tx);
    const me = await lockUser(tx, user.id);
    if (!me) throw unauthorized(SESSION_EXPIRED, true);
    if (me.admin && me.active && await countOtherActiveAdmins(tx, me.id) === 0) {
      throw conflict(LAST_ADMIN_LEAVING);
    }
    await deleteUser(tx, me.id);
    await recordEvent(
      tx,
      ownEvent(caller, "user.account_deleted", { username: me.username, email: me.email }),
    );
  });
}

export type OwnData = {
  exported_at: Date;
  profile: Pick<
    User,
    "id" | "username" | "email" | "active" | "admin" | "created_at" | "email_verified_at"
  >;
  sessions: KeptSession[];
  activity: AuditEvent[];
};

/** Everything kept about the caller: the account, every session row, every audit event. */
export async function exportOwnData(deps: Pick<Deps, "sql">, caller: Caller): Promise<OwnData> {
  const { sql } = deps;
  const { id, username, email, active, admin, created_at, email_verified_at } = caller.user;
  const [sessions, activity] = await Promise.all([
    listKeptSessions(sql, id),
    listAllEventsOf(sql, id),
  ]);
  await recordEvent(sql, ownEvent(caller, "user.data_exported"));
  return {
    exported_at: new Date(),
    profile: { id, username, email, active, admin, created_at, email_verified_at },
    sessions,
    activity,
  };
}
