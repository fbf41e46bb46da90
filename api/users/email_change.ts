/**
 * Users moving their own account to another email. A 409 for a taken address would let anyone
 * with a session probe which addresses are registered, and a stolen access token alone would be
 * enough to take the account over: so the change costs the account's password, and only a few
 * tries per hour are allowed whatever the answers.
 */
import type { Deps } from "../deps.ts";
import { invalidPayload } from "../http/errors.ts";
import type { RateLimiter } from "../security/rate_limit.ts";
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
  // Counted before the password is compared, so parallel tries cannot all get through.
  await deps.limiter.consume("emailChangeUser", String(user.id));
  await refuseWhileLoginLocked(deps.limiter, user);
  const stored = await findUserWithHashByEmail(deps.sql, user.email);
  if (!stored || !(await deps.passwords.verify(currentPassword, stored.password_hash))) {
    await countFailedLogin(deps.limiter, user);
    throw invalidPayload([{ field: FIELD, message: "Current password is incorrect." }]);
  }
}

// A wrong password here is a guess at this user's login. These two are the only places that know
// which bucket that is, so the login limiter's keys can change without touching this flow.
async function refuseWhileLoginLocked(limiter: RateLimiter, user: User): Promise<void> {
  await limiter.check("loginEmail", user.email);
}

async function countFailedLogin(limiter: RateLimiter, user: User): Promise<void> {
  await limiter.hit("loginEmail", user.email);
}
