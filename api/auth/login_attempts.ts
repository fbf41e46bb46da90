/**
 * Attempts to prove a password, counted so that guessing is slow and the owner is not locked out
 * (OWASP ASVS V2.2.1). Each attempt is reserved before the password is compared, in the statement
 * that decides whether it may go ahead, so parallel guesses are counted one by one; a success
 * takes its reservation back.
 *
 * - From a browser the account does not know: per (account, client network), which stops one
 *   guesser within a few tries without touching anyone elsewhere, and per account, which stops a
 *   guesser spread over many networks.
 * - From a browser that logged in to the account before (its device cookie): per device only,
 *   so the owner gets through both limits above however many attackers exhausted them. A stolen
 *   cookie that keeps failing locks that one cookie.
 * - The signed-in account's own flows (current password): per user, apart from logins, so the
 *   login limits never block a password change and a session holder cannot lock logins.
 */
import { type RateLimiter } from "../security/rate_limit.ts";
import { clientNetwork } from "../security/network.ts";

export type ReservedAttempt = {
  /** The password was right: the attempt stops counting against the owner. */
  succeeded(): Promise<void>;
};

/** Unknown emails are limited like accounts, so the limits do not tell which ones exist. */
export function accountKey(userId: number | undefined, email: string): string {
  return userId === undefined ? `email:${email.toLowerCase()}` : `user:${userId}`;
}

/** Throws the 429 of the first limit the attempt meets; counts it either way. */
export async function reserveLoginAttempt(
  limiter: RateLimiter,
  attempt: { account: string; ip: string; deviceId?: string },
): Promise<ReservedAttempt> {
  const { account, ip, deviceId } = attempt;
  if (deviceId !== undefined) {
    await limiter.consume("loginDevice", deviceId);
    return { succeeded: () => limiter.reset("loginDevice", deviceId) };
  }
  const pair = `${account} from ${clientNetwork(ip)}`;
  await limiter.consume("loginAccountNetwork", pair);
  const reserved = await limiter.consume("loginAccount", account);
  return {
    async succeeded() {
      await Promise.all([limiter.reset("loginAccountNetwork", pair), limiter.release(reserved)]);
    },
  };
}

/** A signed-in user proving their current password again (changing it, or their email). */
export async function reserveReauthentication(
  limiter: RateLimiter,
  userId: number,
): Promise<ReservedAttempt> {
  const key = `user:${userId}`;
  await limiter.consume("reauthUser", key);
  return { succeeded: () => limiter.reset("reauthUser", key) };
}
