/** Beside a submit held back after a 429: how long until it can be used again. */
export function RetryWait({ seconds }: { seconds: number }) {
  if (seconds <= 0) return null;
  // A timer region is not read out at every tick.
  return <span className="ms-3 text-body-secondary" role="timer">Try again in {seconds} s.</span>;
}

/** A form's submit button, held back while the form is invalid, busy, or told to wait (429). */
export function RateLimitedSubmit(
  { label, valid, busy, waitSeconds }: {
    label: string;
    valid: boolean;
    busy: boolean;
    waitSeconds: number;
  },
) {
  return (
    <>
      <input
        type="submit"
        className="btn btn-primary"
        value={label}
        disabled={!valid || busy || waitSeconds > 0}
      />
      <RetryWait seconds={waitSeconds} />
    </>
  );
}
