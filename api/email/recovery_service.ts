/**
 * A forgotten password: a link to the account's address, then a new password through it. The
 * request answers 202 alike for every address (the lookup happens after the answer); the reset
 * ends every session, proves the address (the link was read from it) and tells the owner.
 */
import { clipped, recordEvent } from "../audit/queries.ts";
import { checkNewPassword } from "../auth/password_policy.ts";
import { revokeUserSessions } from "../auth/queries.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { notFound } from "../http/errors.ts";
import { brandOf, passwordResetMail, recipientOf } from "../mail/messages.ts";
import { afterPasswordSet } from "./notices.ts";
import { queueMail } from "../mail/outbox.ts";
import {
  findUserByEmail,
  findUserById,
  lockUser,
  updateUser,
  type User,
} from "../users/queries.ts";
import { limitMailTo } from "./mail_limits.ts";
import { issueToken } from "./queries.ts";
import { invalidToken, peekToken, redeemToken } from "./token_service.ts";

type FlowDeps = Pick<Deps, "sql" | "limiter" | "config" | "afterResponse">;
type Who = { ip: string };

async function queueReset(
  tx: Queryable,
  config: Deps["config"],
  user: Pick<User, "id" | "email" | "username">,
): Promise<void> {
  const token = await issueToken(tx, {
    userId: user.id,
    purpose: "password_reset",
    email: user.email,
  });
  const to = recipientOf(user);
  await queueMail(tx, passwordResetMail(brandOf(config), to, token));
}

/** POST /auth/password/forgot: limits first (they count every address alike), then 202. */
export async function requestPasswordReset(
  deps: FlowDeps,
  email: string,
  client: Who,
): Promise<void> {
  await limitMailTo(deps, email, client.ip);
  deps.afterResponse.run("password_reset_request", async () => {
    const user = await findUserByEmail(deps.sql, email);
    await deps.sql.begin(async (tx) => {
      // A disabled account could not log in with a new password anyway.
      const due = user?.active ?? false;
      if (user && due) await queueReset(tx, deps.config, user);
      await recordEvent(tx, {
        action: "auth.password_reset_requested",
        targetId: user?.id ?? null,
        detail: { email: clipped(email), sent: due },
        ip: client.ip,
      });
    });
  });
}

/** An admin sending the user a reset link: 404 unknown, 429 limits. */
export async function sendResetAsAdmin(
  deps: FlowDeps,
  actor: Who & { user: User },
  targetId: number,
  noSuchUser: string,
): Promise<void> {
  const user = await findUserById(deps.sql, targetId);
  if (!user) throw notFound(noSuchUser);
  await limitMailTo(deps, user.email);
  await deps.sql.begin(async (tx) => {
    await queueReset(tx, deps.config, user);
    await recordEvent(tx, {
      action: "admin.password_reset_sent",
      actorId: actor.user.id,
      targetId: user.id,
      ip: actor.ip,
    });
  });
}

/**
 * POST /auth/password/reset. The link is checked before the new password (so a typo in the
 * password does not spend it) and used up in the transaction that sets it.
 */
export async function resetPassword(
  deps: Pick<Deps, "sql" | "config" | "passwords">,
  input: { token: string; password: string },
  client: Who,
): Promise<void> {
  const { sql, config, passwords } = deps;
  const peeked = await peekToken(sql, input.token, ["password_reset"]);
  const owner = await findUserById(sql, peeked.user_id);
  if (!owner || owner.email !== peeked.email) throw invalidToken();
  await checkNewPassword(input.password, owner, "password");
  const password_hash = await passwords.hash(input.password);
  await redeemToken(sql, input.token, ["password_reset"], async (tx, token) => {
    const user = await lockUser(tx, token.user_id);
    if (!user || user.email !== token.email) return undefined;
    // The link was read from this address: it is the owner's.
    await updateUser(tx, user.id, {
      password_hash,
      email_verified_at: user.email_verified_at ?? new Date(),
    });
    const revoked = await revokeUserSessions(tx, user.id);
    // A pending email change could hand the account to whoever asked for it: it ends here too.
    await afterPasswordSet(tx, config, user);
    await recordEvent(tx, {
      action: "auth.password_reset",
      actorId: user.id,
      targetId: user.id,
      detail: { sessions_revoked: revoked },
      ip: client.ip,
    });
    return true;
  });
}
