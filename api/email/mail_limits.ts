/**
 * Limits on the mails a request can make us send (verification, reset, email change), so nobody
 * can flood an inbox through us or spend our sender's reputation: per address, at most one every
 * MAIL_RESEND_INTERVAL and RATE_LIMIT_MAIL_ADDRESS in all, and per client network
 * RATE_LIMIT_MAIL_IP. The address limits count the address typed, whether or not it has an
 * account, so a 429 tells nothing about it. Security notices are never limited.
 */
import type { Deps } from "../deps.ts";
import { claimCooldown, enforceCooldown } from "../security/cooldown.ts";

type LimitDeps = Pick<Deps, "sql" | "limiter" | "config">;

const COOLDOWN = "mail_address";

/** Throws 429 (with Retry-After) when a mail to `address` may not be sent now; counts it. */
export async function limitMailTo(
  deps: LimitDeps,
  address: string,
  clientIp?: string,
): Promise<void> {
  if (clientIp !== undefined) await deps.limiter.consume("mailIp", clientIp);
  await enforceCooldown(deps.sql, COOLDOWN, address, deps.config.mailResendInterval);
  await deps.limiter.consume("mailAddress", `address:${address}`);
}

/**
 * Counts a mail that goes anyway (the first verification mail of a new account), so that a
 * resend right after it waits like any other.
 */
export async function countMailTo(deps: LimitDeps, address: string): Promise<void> {
  await claimCooldown(deps.sql, COOLDOWN, address, deps.config.mailResendInterval);
  await deps.limiter.hit("mailAddress", `address:${address}`);
}

/** Whether a mail to `address` fits the limits now (counting it if so); never throws a 429. */
export async function mayMailTo(deps: LimitDeps, address: string): Promise<boolean> {
  try {
    await limitMailTo(deps, address);
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 429) return false;
    throw error;
  }
}
