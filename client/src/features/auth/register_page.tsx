import { useState } from "react";
import { Form } from "react-bootstrap";
import { Navigate } from "react-router-dom";
import { EmailField, validEmail } from "../../components/fields/email_field.tsx";
import { PasswordField, validNewPassword } from "../../components/fields/password_field.tsx";
import { UsernameField, validUsername } from "../../components/fields/username_field.tsx";
import { RateLimitedSubmit } from "../../components/retry_wait.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";
import { register } from "./api.ts";
import { CheckInbox } from "./check_inbox.tsx";
import { useTokenSubmit } from "./use_token_submit.ts";

export function RegisterPage() {
  useTitle("Register");
  const { user } = useAuth();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, waitSeconds, submit, mailSent } = useTokenSubmit(() =>
    register({ username, email, password })
  );

  if (user) return <Navigate to="/" replace />;
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
  const valid = validUsername(username) && validEmail(email) &&
    validNewPassword(password);
  return (
    <>
      <h1>Register</h1>
      <Form onSubmit={submit} className="col-md-6 col-lg-5" noValidate>
        <UsernameField className="mb-3" value={username} onChange={setUsername} />
        <EmailField className="mb-3" value={email} onChange={setEmail} />
        <PasswordField purpose="new" className="mb-3" value={password} onChange={setPassword} />
        <RateLimitedSubmit label="Register" valid={valid} busy={busy} waitSeconds={waitSeconds} />
      </Form>
    </>
  );
}
