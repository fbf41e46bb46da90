import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useAlerts } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { ApiError, errorMessage } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";
import { useCountdown } from "../../lib/use_countdown.ts";
import type { MailSent, SecondStep } from "./api.ts";

/**
/**
 * How login and registration end: start the session, load the user, welcome them on the page
 * they came for (`destination`, a path checked by safeNextPath). An answer without a session
 * (`mailSent`: follow the mailed link first) and a login refused because the address is
 * unconfirmed (`unverified`) are shown by the page. After a 429 the submit waits out the API's
 * `Retry-After` (`waitSeconds` counts it down).
 */
export function useTokenSubmit(
  requestGrant: () => Promise<Grant | MailSent | SecondStep>,
  destination: string,
) {
  const { signIn } = useAuth();
  const { show: showAlert, dismiss } = useAlerts();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [mailSent, setMailSent] = useState<string | null>(null);
  const [unverified, setUnverified] = useState(false);
  const [secondStep, setSecondStep] = useState<SecondStep | null>(null);
  const [waitSeconds, waitFor] = useCountdown();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || waitSeconds > 0) return;
    setBusy(true);
    setUnverified(false);
    // The last refusal no longer describes this attempt.
    dismiss();
    try {
      const answer = await requestGrant();
      if ("mailSent" in answer) {
        setMailSent(answer.mailSent);
        setBusy(false);
        return;
      }
      if ("mfaToken" in answer) {
        setSecondStep(answer);
        setBusy(false);
        return;
      }
      await finish(answer);
    } catch (error) {
      if (error instanceof ApiError && error.reason === "email_unverified") setUnverified(true);
      else showAlert("danger", errorMessage(error));
      if (error instanceof ApiError && error.retryAfter !== undefined) waitFor(error.retryAfter);
      setBusy(false);
    }
  }

  /** Starts the session a grant gives (the second step's too). */
  async function finish(grant: Grant) {
    await signIn(grant);
    showAlert("success", "Welcome!", { path: destination.split(/[?#]/)[0] });
    navigate(destination);
  }

  return {
    busy,
    waitSeconds,
    submit,
    mailSent,
    unverified,
    secondStep,
    finish,
    /** Back to the password (the second step's token expired). */
    restart: () => setSecondStep(null),
  };
}
