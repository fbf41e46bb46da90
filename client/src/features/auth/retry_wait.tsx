/** Beside a submit held back after a 429: how long until it can be used again. */
export function RetryWait({ seconds }: { seconds: number }) {
  if (seconds <= 0) return null;
  // A timer region is not read out at every tick.
  return <span className="ms-3 text-body-secondary" role="timer">Try again in {seconds} s.</span>;
}
