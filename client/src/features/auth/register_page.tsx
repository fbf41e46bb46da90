import { useState } from "react";
import { Navigate, useSearchParams } from "react-router-dom";
import { EMAIL_RULES, PASSWORD_RULES, USERNAME_RULES } from "../../../../api/users/schemas.ts";
import { CheckedForm } from "../../components/checked_form.tsx";
import { EmailField } from "../../components/fields/email_field.tsx";
import { PasswordField } from "../../components/fields/password_field.tsx";
import { UsernameField } from "../../components/fields/username_field.tsx";
import { RateLimitedSubmit } from "../../components/retry_wait.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { safeNextPath } from "../../lib/next_path.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useTitle } from "../../lib/use_title.ts";
import { register } from "./api.ts";
import { CheckInbox } from "./check_inbox.tsx";
import { useTokenSubmit } from "./use_token_submit.ts";

export function RegisterPage() {
  useTitle("Register");
  const { user } = useAuth();
  // The page that asked for a login, when it is one of ours.
  const next = safeNextPath(useSearchParams()[0].get("next"));
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, waitSeconds, submit, mailSent } = useTokenSubmit(
    () => register({ username, email, password }),
    next,
  );
  const form = useFormCheck([
    { name: "username", value: username, required: "Choose a username.", rules: USERNAME_RULES },
    { name: "email", value: email, required: "Enter your email address.", rules: EMAIL_RULES },
    { name: "password", value: password, required: "Choose a password.", rules: PASSWORD_RULES },
  ]);

  if (user) return <Navigate to={next} replace />;
  if (mailSent !== null) {
    return (
      <>
        <h1>Register</h1>
        <CheckInbox
          email={email}
          heading="Check your email"
          text={`${mailSent} We sent a link to ${email}: follow it, then log in.`}
        />
      </>
    );
  }
  return (
    <>
      <h1>Register</h1>
      <CheckedForm check={form} onSubmit={submit} className="col-md-6 col-lg-5">
        <UsernameField
          className="mb-3"
          value={username}
          onChange={setUsername}
          error={form.errors.username}
        />
        <EmailField className="mb-3" value={email} onChange={setEmail} error={form.errors.email} />
        <PasswordField
          purpose="new"
          className="mb-3"
          value={password}
          onChange={setPassword}
          owner={[username, email]}
          error={form.errors.password}
        />
        <RateLimitedSubmit label="Register" busy={busy} waitSeconds={waitSeconds} />
      </CheckedForm>
    </>
  );
}
