/**
 * Users moving their own account to another email. A 409 for a taken address would let anyone
 * with a session probe which addresses are registered, and a stolen access token alone would be
 * enough to take the account over: so the change costs the account's password, and only a few
 * tries per hour are allowed whatever the answers.
 */
import { reserveReauthentication } from "../auth/login_attempts.ts";
import type { Deps } from "../deps.ts";
import { invalidPayload } from "../http/errors.ts";
import { findUserWithHashByEmail, type User } from "./queries.ts";

type EmailChangeDeps = Pick<Deps, "sql" | "passwords" | "limiter">;

const FIELD = "current_password";

/** Throws 400 (no or a wrong password) or 429 unless `user` may move to another email now. */
export async function proveOwnEmailChange(
  deps: EmailChangeDeps,
  user: User,
  currentPassword: string | undefined,
): Promise<void> {
  if (currentPassword === undefined) {
    throw invalidPayload([
      { field: FIELD, message: "Current password is required to change your email." },
    ]);
  }
  // Both counted before the password is compared, so parallel tries cannot all get through. A
  // wrong password is a guess at this user's password, counted like one on a password change:
  // against the user, never against the owner's logins.
  await deps.limiter.consume("emailChangeUser", `user:${user.id}`);
  const attempt = await reserveReauthentication(deps.limiter, user.id);
  const stored = await findUserWithHashByEmail(deps.sql, user.email);
  if (!stored || !(await deps.passwords.verify(currentPassword, stored.password_hash))) {
    throw invalidPayload([{ field: FIELD, message: "Current password is incorrect." }]);
  }
  await attempt.succeeded();
}
