/**
 * Email verification: the link mailed at registration (and on request) proves the address is its
 * owner's. `POST /auth/email/verify` also confirms email changes (change_service.ts): both kinds of
 * link open the same page.
 */
import { clipped, recordEvent } from "../audit/queries.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { conflict, notFound } from "../http/errors.ts";
import { brandOf, recipientOf, verifyEmailMail } from "../mail/messages.ts";
import { queueMail } from "../mail/outbox.ts";
import {
  findUserByEmail,
  findUserById,
  lockUser,
  updateUser,
  type User,
} from "../users/queries.ts";
import { applyEmailChange } from "./change_service.ts";
import { limitMailTo } from "./mail_limits.ts";
import { issueToken } from "./queries.ts";
import { redeemToken } from "./token_service.ts";

type FlowDeps = Pick<Deps, "sql" | "limiter" | "config" | "afterResponse">;
type Who = { ip: string };

export const ALREADY_VERIFIED = "That email address is already verified.";

/** A new verification link for the user's current address, mailed in the caller's transaction. */
export async function queueVerification(
  tx: Queryable,
  config: Deps["config"],
  user: Pick<User, "id" | "email" | "username">,
): Promise<void> {
  const token = await issueToken(tx, { userId: user.id, purpose: "verify", email: user.email });
  const to = recipientOf(user);
  await queueMail(tx, verifyEmailMail(brandOf(config), to, token));
}

/** A signed-in user asking for a new link: nothing to send once they are verified. */
export async function resendOwnVerification(
  deps: FlowDeps,
  caller: Who & { user: User },
): Promise<void> {
  const { user } = caller;
  if (user.email_verified_at) return;
  await limitMailTo(deps, user.email, caller.ip);
  await deps.sql.begin(async (tx) => {
    await queueVerification(tx, deps.config, user);
    await recordEvent(tx, {
      action: "auth.verification_sent",
      actorId: user.id,
      targetId: user.id,
      ip: caller.ip,
    });
  });
}

/**
 * Anyone asking for a new link for an address. The answer (202, or the limits' 429) and its
 * timing are the same whether or not the address has an unverified account: the lookup and the
 * mail happen after the answer.
 */
export async function resendVerificationTo(
  deps: FlowDeps,
  email: string,
  client: Who,
): Promise<void> {
  await limitMailTo(deps, email, client.ip);
  deps.afterResponse.run("resend_verification", async () => {
    const user = await findUserByEmail(deps.sql, email);
    await deps.sql.begin(async (tx) => {
      const due = user && user.active && !user.email_verified_at;
      if (due) await queueVerification(tx, deps.config, user);
      await recordEvent(tx, {
        action: "auth.verification_sent",
        targetId: user?.id ?? null,
        detail: { email: clipped(email), sent: Boolean(due) },
        ip: client.ip,
      });
    });
  });
}

/** An admin sending the user a new link: 404 unknown, 409 already verified, 429 limits. */
export async function sendVerificationAsAdmin(
  deps: FlowDeps,
  actor: Who & { user: User },
  targetId: number,
  noSuchUser: string,
): Promise<void> {
  const user = await findUserById(deps.sql, targetId);
  if (!user) throw notFound(noSuchUser);
  if (user.email_verified_at) throw conflict(ALREADY_VERIFIED);
  await limitMailTo(deps, user.email);
  await deps.sql.begin(async (tx) => {
    await queueVerification(tx, deps.config, user);
    await recordEvent(tx, {
      action: "admin.verification_sent",
      actorId: actor.user.id,
      targetId: user.id,
      ip: actor.ip,
    });
  });
}

export type Verified = { email: string; purpose: "verify" | "email_change" };

/** Uses a verification or email-change link: 200 with the address it confirmed, else 400. */
export async function verifyEmail(
  deps: Pick<Deps, "sql" | "config">,
  token: string,
  client: Who,
): Promise<Verified> {
  return await redeemToken(deps.sql, token, ["verify", "email_change"], async (tx, stored) => {
    if (stored.purpose === "email_change") {
      return await applyEmailChange(tx, deps.config, stored, client.ip);
    }
    const user = await lockUser(tx, stored.user_id);
    // A link for an address the account no longer has proves nothing about the current one.
    if (!user || user.email !== stored.email) return undefined;
    if (!user.email_verified_at) await updateUser(tx, user.id, { email_verified_at: new Date() });
    await recordEvent(tx, {
      action: "auth.email_verified",
      actorId: user.id,
      targetId: user.id,
      detail: { email: user.email },
      ip: client.ip,
    });
    return { email: user.email, purpose: "verify" as const };
  });
}
