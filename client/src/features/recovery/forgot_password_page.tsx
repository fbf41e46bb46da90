import { type FormEvent, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { EMAIL_RULES } from "../../../../api/users/schemas.ts";
import { CheckedForm } from "../../components/checked_form.tsx";
import { EmailField } from "../../components/fields/email_field.tsx";
import { RESEND_INTERVAL_SECONDS } from "../../components/resend_button.tsx";
import { RateLimitedSubmit } from "../../components/retry_wait.tsx";
import { ApiError, errorMessage } from "../../lib/http.ts";
import { useCountdown } from "../../lib/use_countdown.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useTitle } from "../../lib/use_title.ts";
import { requestPasswordReset } from "./api.ts";

/** "Forgot password?": asks for a reset link, and says what the API says, whoever asks. */
export function ForgotPasswordPage() {
  useTitle("Forgot password");
  // The login form passes on what was typed there.
  const typed = (useLocation().state as { email?: unknown } | null)?.email;
  const [email, setEmail] = useState(typeof typed === "string" ? typed : "");
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [waitSeconds, waitFor] = useCountdown();
  const form = useFormCheck([
    { name: "email", value: email, required: "Enter your email address.", rules: EMAIL_RULES },
  ]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || waitSeconds > 0) return;
    setBusy(true);
    setAnswer(null);
    try {
      setAnswer({ ok: true, text: await requestPasswordReset(email) });
      waitFor(RESEND_INTERVAL_SECONDS);
    } catch (error) {
      setAnswer({ ok: false, text: errorMessage(error) });
      if (error instanceof ApiError && error.retryAfter !== undefined) waitFor(error.retryAfter);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Forgot password</h1>
      <p>Type the email address of your account; we send a link to choose a new password.</p>
      {/* One live region, present from the start, so the answer is read out when it comes. */}
      <div role="status">
        {answer && (
          <div className={`alert alert-${answer.ok ? "success" : "danger"}`}>{answer.text}</div>
        )}
      </div>
      <CheckedForm check={form} onSubmit={submit} className="col-md-6 col-lg-5 mb-3">
        <EmailField
          className="mb-3"
          checklist={false}
          value={email}
          onChange={setEmail}
          error={form.errors.email}
        />
        <RateLimitedSubmit label="Send reset link" busy={busy} waitSeconds={waitSeconds} />
      </CheckedForm>
      <p>
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </>
  );
}
