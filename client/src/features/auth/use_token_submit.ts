import { type FormEvent, useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useAlerts } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { ApiError, errorMessage } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";

/**
 * How login and registration end: start the session, load the user, welcome them on the page
 * they came for (`destination`, a path checked by safeNextPath).
 * After a 429 the submit waits out the API's `Retry-After` (`waitSeconds` counts it down).
 */
export function useTokenSubmit(requestGrant: () => Promise<Grant>, destination: string) {
  const { signIn } = useAuth();
  const { show: showAlert, dismiss } = useAlerts();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [waitSeconds, waitFor] = useCountdown();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || waitSeconds > 0) return;
    setBusy(true);
    // The last refusal no longer describes this attempt.
    dismiss();
    try {
      await signIn(await requestGrant());
      showAlert("success", "Welcome!", { path: destination.split(/[?#]/)[0] });
      navigate(destination);
    } catch (error) {
      showAlert("danger", errorMessage(error));
      if (error instanceof ApiError && error.retryAfter !== undefined) waitFor(error.retryAfter);
      setBusy(false);
    }
  }

  return { busy, waitSeconds, submit };
}

/** Whole seconds left until a deadline set by `waitFor(seconds)`; 0 once it has passed. */
function useCountdown(): [number, (seconds: number) => void] {
  const [deadline, setDeadline] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (deadline <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= deadline) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);

  const waitFor = (seconds: number) => {
    const start = Date.now();
    setNow(start);
    setDeadline(start + seconds * 1000);
  };
  return [Math.max(0, Math.ceil((deadline - now) / 1000)), waitFor];
}
