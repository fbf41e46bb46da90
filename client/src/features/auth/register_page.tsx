import { useState } from "react";
import { Form } from "react-bootstrap";
import { Navigate } from "react-router-dom";
import { EMAIL_RULES, PASSWORD_RULES, USERNAME_RULES } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../../components/ruled_field.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";
import { register } from "./api.ts";
import { RetryWait } from "./retry_wait.tsx";
import { useTokenSubmit } from "./use_token_submit.ts";

export function RegisterPage() {
  useTitle("Register");
  const { user } = useAuth();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, waitSeconds, submit } = useTokenSubmit(() =>
    register({ username, email, password })
  );

  if (user) return <Navigate to="/" replace />;
  const valid = meetsRules(USERNAME_RULES, username) && meetsRules(EMAIL_RULES, email) &&
    meetsRules(PASSWORD_RULES, password);
  return (
    <>
      <h1>Register</h1>
      <Form onSubmit={submit} className="col-md-6 col-lg-5" noValidate>
        <RuledField
          className="mb-3"
          label="Username"
          name="username"
          autoComplete="username"
          rules={USERNAME_RULES}
          value={username}
          onChange={setUsername}
        />
        <RuledField
          className="mb-3"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          rules={EMAIL_RULES}
          value={email}
          onChange={setEmail}
        />
        <RuledField
          className="mb-3"
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          rules={PASSWORD_RULES}
          value={password}
          onChange={setPassword}
        />
        <input
          type="submit"
          className="btn btn-primary"
          value="Register"
          disabled={!valid || busy || waitSeconds > 0}
        />
        <RetryWait seconds={waitSeconds} />
      </Form>
    </>
  );
}
