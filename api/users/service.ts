/**
 * Account changes that span several queries: each runs in one transaction together with its
 * audit event and the session revocations it implies, so either all of it happens or none.
 */
import { diff } from "../audit/diff.ts";
import { type AuditAction, recordEvent } from "../audit/queries.ts";
import { revokeUserSessions } from "../auth/queries.ts";
import { checkNewPassword } from "../auth/password_policy.ts";
import type { PasswordHasher } from "../auth/passwords.ts";
import type { Queryable, Sql } from "../db.ts";
import type { Deps } from "../deps.ts";
import { afterAdminEmailChange, requestEmailChange } from "../email/change_service.ts";
import { limitMailTo } from "../email/mail_limits.ts";
import { afterPasswordSet } from "../email/notices.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import { proveOwnEmailChange } from "./email_change.ts";
import {
  countOtherActiveAdmins,
  deleteUser,
  DuplicateUserError,
  findUserById,
  insertUser,
  isActiveAdmin,
  lockAdmins,
  lockUser,
  updateUser,
  type User,
  type UserChanges,
} from "./queries.ts";

export const NO_SUCH_USER = "User does not exist.";
export const NOT_YOURSELF = "You cannot deactivate, demote or delete yourself.";
export const LAST_ADMIN = "There must always be at least one active admin.";

export type Actor = { user: User; sessionId?: string; ip: string | null };
export type AccountChanges = {
  username?: string;
  email?: string;
  active?: boolean;
  admin?: boolean;
  password?: string;
  /** Proof of identity when users change their own email. */
  current_password?: string;
};

type NewAccount =
  & { username: string; email: string; password: string }
  & Pick<
    AccountChanges,
    "active" | "admin"
  >;

/** Registration (no actor: the new user is their own actor) or an admin adding someone. */
export async function createAccount(
  sql: Sql,
  passwords: PasswordHasher,
  input: NewAccount,
  context: {
    actor?: Actor;
    ip: string | null;
    duplicateMessage?: (field: string) => string;
    /** Who made it when no request did: the user:create task, or the first-admin start-up. */
    action?: Extract<AuditAction, "operator.user_created" | "system.first_admin_created">;
    /** More work in the same transaction (registration starts the new user's session). */
    inTransaction?: (tx: Queryable, user: User) => Promise<void>;
    /** Throw the DuplicateUserError itself, for a caller that must not say which field. */
    rawDuplicates?: boolean;
  },
): Promise<User> {
  const { password, ...fields } = input;
  await checkNewPassword(password, fields, "password");
  const password_hash = await passwords.hash(password);
  const action: AuditAction = context.action ??
    (context.actor ? "admin.user_created" : "user.registered");
  // An operator typed the address on the server (user:create, ADMIN_EMAIL): they vouch for it.
  const email_verified_at = context.action ? new Date() : null;
  try {
    return await sql.begin(async (tx) => {
      const user = await insertUser(tx, { ...fields, password_hash, email_verified_at });
      const { username, email, active, admin } = user;
      await recordEvent(tx, {
        action,
        actorId: context.actor?.user.id ?? (context.action ? null : user.id),
        targetId: user.id,
        detail: { username, email, active, admin },
        ip: context.ip,
      });
      await context.inTransaction?.(tx, user);
      return user;
    });
  } catch (error) {
    if (error instanceof DuplicateUserError && !context.rawDuplicates) {
      throw conflict(context.duplicateMessage?.(error.field) ?? "Sorry. That user already exists.");
    }
    throw error;
  }
}

/** What PATCH /users/:id did: the user as it is now, and whether an email change awaits its link. */
export type Updated = { user: User; emailChangePending: boolean };

/**
 * PATCH /users/:id: admins may change anything; a user only their own username and email, the
 * email only with their current password (admins too, for their own), and only once the link
 * mailed to the new address is followed (see email/change_service.ts).
 */
export async function updateAccount(
  deps: Pick<Deps, "sql" | "passwords" | "limiter" | "config">,
  actor: Actor,
  targetId: number,
  changes: AccountChanges,
): Promise<Updated> {
  const { sql, passwords, config } = deps;
  const self = actor.user.id === targetId;
  const adminOnly = changes.active !== undefined || changes.admin !== undefined ||
    changes.password !== undefined;
  if (!actor.user.admin && (!self || adminOnly)) throw forbidden();
  const { password, current_password, email: newEmail, ...fields } = changes;
  const ownEmailChange = self && newEmail !== undefined && newEmail !== actor.user.email;
  if (ownEmailChange) {
    await proveOwnEmailChange(deps, actor.user, current_password);
    await limitMailTo(deps, newEmail, actor.ip ?? undefined);
  }
  const update: UserChanges = { ...fields };
  if (newEmail !== undefined && !self) update.email = newEmail;
  if (password !== undefined) {
    // The name the account will have after this change; a vanished account 404s below.
    const target = await findUserById(sql, targetId);
    await checkNewPassword(password, { ...target, ...update }, "password");
    update.password_hash = await passwords.hash(password);
  }

  try {
    return await sql.begin(async (tx) => {
      if (changes.active === false || changes.admin === false) await lockAdmins(tx);
      if (actor.user.admin) await assertStillAdmin(tx, actor.user.id);
      const before = await lockUser(tx, targetId);
      if (!before) throw notFound(NO_SUCH_USER);
      const demoted = before.admin && changes.admin === false;
      const deactivated = before.active && changes.active === false;
      if (self && (demoted || deactivated)) throw conflict(NOT_YOURSELF);
      if ((demoted || deactivated) && before.admin && before.active) {
        if (await countOtherActiveAdmins(tx, targetId) === 0) throw conflict(LAST_ADMIN);
      }
      const moved = update.email !== undefined && update.email !== before.email;
      // An address an admin typed is not proven to be the user's.
      if (moved) update.email_verified_at = null;
      const after = Object.keys(update).length ? await updateUser(tx, targetId, update) : before;
      const changed = diff(before, after, ["username", "email", "active", "admin"]);
      // Whoever is signed in as this user must prove it again after a change of power or secret.
      if (changed.active || changed.admin || password !== undefined) {
        await revokeUserSessions(tx, targetId, { except: self ? actor.sessionId : undefined });
      }
      if (password !== undefined) await afterPasswordSet(tx, config, after);
      if (moved) {
        await afterAdminEmailChange(tx, config, after, { from: before.email, to: after.email });
      }
      if (Object.keys(changed).length || password !== undefined) {
        await recordEvent(tx, {
          action: actor.user.admin ? "admin.user_updated" : "user.updated",
          actorId: actor.user.id,
          targetId,
          changes: changed,
          detail: password !== undefined ? { password_set: true } : null,
          ip: actor.ip,
        });
      }
      if (ownEmailChange) await requestEmailChange(tx, config, after, newEmail, actor.ip);
      const { password_hash: _, ...user } = after as User & { password_hash?: string };
      return { user, emailChangePending: ownEmailChange };
    });
  } catch (error) {
    if (error instanceof DuplicateUserError) {
      throw conflict(`Sorry. That ${error.field} already exists.`);
    }
    throw error;
  }
}

/** DELETE /users/:id (admins): the user's sessions go with the row (foreign key cascade). */
export async function deleteAccount(sql: Sql, actor: Actor, targetId: number): Promise<User> {
  return await sql.begin(async (tx) => {
    await lockAdmins(tx);
    await assertStillAdmin(tx, actor.user.id);
    const target = await lockUser(tx, targetId);
    if (!target) throw notFound(NO_SUCH_USER);
    if (target.id === actor.user.id) throw conflict(NOT_YOURSELF);
    if (target.admin && target.active && await countOtherActiveAdmins(tx, targetId) === 0) {
      throw conflict(LAST_ADMIN);
    }
    await deleteUser(tx, targetId);
    const { password_hash: _, ...user } = target;
    await recordEvent(tx, {
      action: "admin.user_deleted",
      actorId: actor.user.id,
      targetId,
      detail: { username: user.username, email: user.email },
      ip: actor.ip,
    });
    return user;
  });
}

/** The actor was an admin when the request began; another admin may have demoted them since. */
async function assertStillAdmin(tx: Queryable, actorId: number) {
  if (!(await isActiveAdmin(tx, actorId))) throw forbidden();
}
