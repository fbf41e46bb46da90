import { useState } from "react";
import { Form } from "react-bootstrap";
import { Navigate } from "react-router-dom";
import type { Rule } from "../../../../api/users/schemas.ts";
import { meetsRules } from "../../components/ruled_field.tsx";
import { EmailField, validEmail } from "../../components/fields/email_field.tsx";
import { PasswordField } from "../../components/fields/password_field.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";
import { logIn } from "./api.ts";
import { KeepSignedIn } from "./keep_signed_in.tsx";
import { RateLimitedSubmit } from "./retry_wait.tsx";
import { useTokenSubmit } from "./use_token_submit.ts";

// Logging in checks only that a password was typed; its rules are for choosing one.
const PASSWORD_GIVEN: Rule[] = [
  { label: "Not empty", message: "Password is required.", test: (value) => value.length > 0 },
];

export function LoginPage() {
  useTitle("Login");
  const { user } = useAuth();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);
  const { busy, waitSeconds, submit } = useTokenSubmit(() => logIn({ email, password, remember }));

  if (user) return <Navigate to="/" replace />;
  const valid = validEmail(email) && meetsRules(PASSWORD_GIVEN, password);
  return (
    <>
      <h1>Login</h1>
      <Form onSubmit={submit} className="col-md-6 col-lg-5" noValidate>
        <EmailField className="mb-3" value={email} onChange={setEmail} />
        <PasswordField
          purpose="current"
          className="mb-3"
          rules={PASSWORD_GIVEN}
          value={password}
          onChange={setPassword}
        />
        <KeepSignedIn checked={remember} onChange={setRemember} />
        <RateLimitedSubmit label="Log In" valid={valid} busy={busy} waitSeconds={waitSeconds} />
      </Form>
    </>
  );
}
