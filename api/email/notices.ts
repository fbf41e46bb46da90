/** Security notices that follow account changes; never rate limited. */
import type { Config } from "../config.ts";
import type { Queryable } from "../db.ts";
import { brandOf, passwordChangedMail, recipientOf } from "../mail/messages.ts";
import { queueMail } from "../mail/outbox.ts";
import type { User } from "../users/queries.ts";
import { deleteUserTokens } from "./queries.ts";

/**
 * In the transaction that set a new password (by its owner, or an admin): pending reset and
 * email-change links end (whoever held the old password may have asked for them), and the
 * owner hears of it.
 */
export async function afterPasswordSet(
  tx: Queryable,
  config: Config,
  user: Pick<User, "id" | "email" | "username">,
): Promise<void> {
  await deleteUserTokens(tx, user.id, ["password_reset", "email_change"]);
  const to = recipientOf(user);
  await queueMail(tx, passwordChangedMail(brandOf(config), to));
}
