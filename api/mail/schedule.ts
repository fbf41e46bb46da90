/**
 * When a mail that failed is tried again: 10 s after the first failure, doubling each time up to
 * 10 minutes between tries, for at most 24 hours after it was queued. An SMTP server that is
 * away for a while delays the mail; it takes a day away for one to be given up.
 */
export type RetryPolicy = {
  /** Wait after the first failure. */
  firstDelayMs: number;
  /** The longest wait between two tries. */
  maxDelayMs: number;
  /** No try starts later than this after the mail was queued. */
  giveUpAfterMs: number;
};

export const RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 10_000,
  maxDelayMs: 10 * 60_000,
  giveUpAfterMs: 24 * 3600_000,
};

/** The wait after `failures` failed tries (1 after the first): 10 s, 20 s, 40 s … 10 min. */
export function retryDelayMs(failures: number, policy: RetryPolicy = RETRY_POLICY): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError("failures must be ≥ 1");
  // 2 ** 1000 is Infinity, and Math.min takes the cap: no overflow however long the outage.
  return Math.min(policy.firstDelayMs * 2 ** (failures - 1), policy.maxDelayMs);
}

/**
 * When to try a mail queued at `queuedAt` again after its `failures`-th failure at `now`, or
 * undefined when that would be past the give-up limit: the mail has failed for good.
 */
export function nextAttempt(
  queuedAt: Date,
  failures: number,
  now: Date,
  policy: RetryPolicy = RETRY_POLICY,
): Date | undefined {
  const at = new Date(now.getTime() + retryDelayMs(failures, policy));
  return at.getTime() - queuedAt.getTime() <= policy.giveUpAfterMs ? at : undefined;
}
