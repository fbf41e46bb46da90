import bcrypt from "bcryptjs";

/**
 * How long one bcrypt hash at `rounds` blocks the thread that runs it, here and now: the least a
 * request would wait if hashing ran on the event loop. Measured at the time of the check, on a
 * machine that may be busy with other tests, so bounds built on it scale with the load instead of
 * assuming an idle machine. The lesser of two runs, so one unlucky run cannot loosen a bound.
 */
export function blockingHashMs(rounds: number): number {
  const once = () => {
    const started = performance.now();
    bcrypt.hashSync("a probe password", rounds);
    return performance.now() - started;
  };
  return Math.min(once(), once());
}
