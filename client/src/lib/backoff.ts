/** Waits between attempts to reach a server that is away: 1 s, 2 s, 4 s … up to 30 s. */
const FIRST_MS = 1000;
const LONGEST_MS = 30_000;

/** How long to wait before try `attempt + 1` (`attempt` counts the failed tries, from 1). */
export function retryDelay(attempt: number): number {
  if (!(attempt >= 1)) return FIRST_MS;
  return Math.min(LONGEST_MS, FIRST_MS * 2 ** Math.min(attempt - 1, 16));
}
