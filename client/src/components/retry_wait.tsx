/** Beside a submit held back after a 429: how long until it can be used again. */
export function RetryWait({ seconds }: { seconds: number }) {
  if (seconds <= 0) return null;
  // A timer region is not read out at every tick.
  return <span className="ms-3 text-body-secondary" role="timer">Try again in {seconds} s.</span>;
}

/**
 * A form's submit button. It stays usable while the form is incomplete (submitting says what is
 * missing) and while a request is under way (a second press is ignored); only the API's "wait"
 * (a 429) holds it back, with the time left beside it.
 */
export function RateLimitedSubmit(
  { label, busy, waitSeconds }: { label: string; busy: boolean; waitSeconds: number },
) {
  return (
    <>
      <input
        type="submit"
        className="btn btn-primary"
        value={label}
        aria-busy={busy || undefined}
        disabled={waitSeconds > 0}
      />
      <RetryWait seconds={waitSeconds} />
    </>
  );
}
