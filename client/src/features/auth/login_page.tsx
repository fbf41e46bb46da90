import { useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { EMAIL_RULES } from "../../../../api/users/schemas.ts";
import { CheckedForm } from "../../components/checked_form.tsx";
import { EmailField } from "../../components/fields/email_field.tsx";
import { PasswordField } from "../../components/fields/password_field.tsx";
import { RateLimitedSubmit } from "../../components/retry_wait.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { safeNextPath } from "../../lib/next_path.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useTitle } from "../../lib/use_title.ts";
import { logIn, logInWithPasskey } from "./api.ts";
import { CheckInbox } from "./check_inbox.tsx";
import { KeepSignedIn } from "./keep_signed_in.tsx";
import { PasskeyButton } from "./passkey_button.tsx";
import { SecondStepForm } from "./second_step_form.tsx";
import { useTokenSubmit } from "./use_token_submit.ts";

export function LoginPage() {
  useTitle("Log in");
  const { user } = useAuth();
  // The page that asked for a login, when it is one of ours.
  const next = safeNextPath(useSearchParams()[0].get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);
  const { busy, waitSeconds, submit, unverified, secondStep, finish, restart } = useTokenSubmit(
    () => logIn({ email, password, remember }),
    next,
  );
  // Logging in teaches no rules (the address and password exist already): only what is missing.
  const form = useFormCheck([
    { name: "email", value: email, required: "Enter your email address.", rules: EMAIL_RULES },
    { name: "password", value: password, required: "Enter your password." },
  ]);

  if (user) return <Navigate to={next} replace />;
  if (secondStep) {
    return (
      <>
        <h1>Log in</h1>
        <SecondStepForm step={secondStep} onGrant={finish} onRestart={restart} />
      </>
    );
  }
  return (
    <>
      <h1>Log in</h1>
      <CheckedForm check={form} onSubmit={submit} className="col-md-6 col-lg-5 mb-4">
        <EmailField
          className="mb-3"
          checklist={false}
          value={email}
          onChange={setEmail}
          error={form.errors.email}
        />
        <PasswordField
          purpose="current"
          className="mb-3"
          value={password}
          onChange={setPassword}
          error={form.errors.password}
        />
        <KeepSignedIn checked={remember} onChange={setRemember} />
        <RateLimitedSubmit label="Log in" busy={busy} waitSeconds={waitSeconds} />
        <Link to="/forgot-password" state={{ email }} className="ms-3">Forgot password?</Link>
      </CheckedForm>
      <div className="col-md-6 col-lg-5 mb-4">
        <p className="mb-2">Or, with no email or password:</p>
        <PasskeyButton
          label="Sign in with a passkey"
          request={() => logInWithPasskey(remember)}
          onGrant={finish}
        />
      </div>
      {unverified && (
        <CheckInbox
          email={email}
          heading="Verify your email address"
          text={`Verify your email address before logging in: follow the link we sent to ${email}.`}
        />
      )}
    </>
  );
}
