/**
 * Changing an account's address. A user's own change only takes effect through the link mailed
 * to the new address, and answers alike whether or not that address is taken (its owner gets a
 * notice instead of a link), so the profile form cannot test which addresses are registered.
 * The old address hears of every change. An admin's change of someone else's address applies at
 * once, and both addresses hear of it.
 */
import { recordEvent } from "../audit/queries.ts";
import type { Config } from "../config.ts";
import type { Queryable } from "../db.ts";
import { conflict } from "../http/errors.ts";
import {
  brandOf,
  emailChangeConfirmMail,
  emailChangedNoticeMail,
  emailChangeRequestedNoticeMail,
  emailChangeTakenNoticeMail,
  recipientOf,
} from "../mail/messages.ts";
import { queueMail } from "../mail/outbox.ts";
import { findUserByEmail, lockUser, updateUser, type User } from "../users/queries.ts";
import { deleteUserTokens, issueToken, type StoredToken } from "./queries.ts";

export const ADDRESS_TAKEN = "That address now belongs to another account.";

/**
 * In the PATCH's transaction, once the user proved their password and the mail limits passed:
 * a link to the new address (or a notice to its owner), and a notice to the old one.
 */
export async function requestEmailChange(
  tx: Queryable,
  config: Config,
  user: User,
  newEmail: string,
  ip: string | null,
): Promise<void> {
  const brand = brandOf(config);
  const owner = await findUserByEmail(tx, newEmail);
  // A newer request replaces a pending one, whichever way it goes.
  await deleteUserTokens(tx, user.id, ["email_change"]);
  if (owner && owner.id !== user.id) {
    const to = recipientOf(owner);
    await queueMail(tx, emailChangeTakenNoticeMail(brand, to));
  } else {
    const token = await issueToken(tx, {
      userId: user.id,
      purpose: "email_change",
      email: newEmail,
    });
    const to = { to: newEmail, userId: user.id, username: user.username };
    await queueMail(tx, emailChangeConfirmMail(brand, to, token));
  }
  const old = recipientOf(user);
  await queueMail(tx, emailChangeRequestedNoticeMail(brand, old, newEmail));
  // The same event either way: the user's own activity feed must not tell a taken address.
  await recordEvent(tx, {
    action: "user.email_change_requested",
    actorId: user.id,
    targetId: user.id,
    detail: { email: newEmail },
    ip,
  });
}

/** The new address's link was followed: the account moves there, verified. */
export async function applyEmailChange(
  tx: Queryable,
  config: Config,
  token: StoredToken,
  ip: string | null,
): Promise<{ email: string; purpose: "email_change" } | undefined> {
  const user = await lockUser(tx, token.user_id);
  if (!user) return undefined;
  const owner = await findUserByEmail(tx, token.email);
  // Taken since the request (someone registered it): the link stays for when it is free again.
  if (owner && owner.id !== user.id) throw conflict(ADDRESS_TAKEN);
  await updateUser(tx, user.id, { email: token.email, email_verified_at: new Date() });
  // Links mailed to the old address (a reset, a verification) must not outlive it.
  await deleteUserTokens(tx, user.id);
  const change = { from: user.email, to: token.email, byAdmin: false };
  await queueMail(
    tx,
    emailChangedNoticeMail(
      brandOf(config),
      recipientOf(user),
      change,
    ),
  );
  await recordEvent(tx, {
    action: "user.email_changed",
    actorId: user.id,
    targetId: user.id,
    changes: { email: { old: user.email, new: token.email } },
    ip,
  });
  return { email: token.email, purpose: "email_change" };
}

/**
 * After an admin moved someone else's account (in the same transaction): the new address is
 * unproven, the old address's links end, and both addresses hear of it.
 */
export async function afterAdminEmailChange(
  tx: Queryable,
  config: Config,
  user: Pick<User, "id" | "username">,
  change: { from: string; to: string },
): Promise<void> {
  await deleteUserTokens(tx, user.id);
  const brand = brandOf(config);
  for (const to of [change.from, change.to]) {
    await queueMail(
      tx,
      emailChangedNoticeMail(
        brand,
        { to, userId: user.id, username: user.username },
        { ...change, byAdmin: true },
      ),
    );
  }
}
