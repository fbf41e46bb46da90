import { useState } from "react";
import { Form } from "react-bootstrap";
import { Navigate, useSearchParams } from "react-router-dom";
import { EmailField, validEmail } from "../../components/fields/email_field.tsx";
import { PasswordField, validNewPassword } from "../../components/fields/password_field.tsx";
import { UsernameField, validUsername } from "../../components/fields/username_field.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { safeNextPath } from "../../lib/next_path.ts";
import { useTitle } from "../../lib/use_title.ts";
import { register } from "./api.ts";
import { RateLimitedSubmit } from "./retry_wait.tsx";
import { useTokenSubmit } from "./use_token_submit.ts";

export function RegisterPage() {
  useTitle("Register");
  const { user } = useAuth();
  // The page that asked for a login, when it is one of ours.
  const next = safeNextPath(useSearchParams()[0].get("next"));
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, waitSeconds, submit } = useTokenSubmit(
    () => register({ username, email, password }),
    next,
  );

  if (user) return <Navigate to={next} replace />;
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
