import { useState } from "react";
import { Alert, Button } from "react-bootstrap";
import { Link, useNavigate } from "react-router-dom";
import { PASSWORD_RULES } from "../../../../api/users/schemas.ts";
import { CheckedForm } from "../../components/checked_form.tsx";
import {
  PasswordField,
  RepeatPasswordField,
  samePassword,
} from "../../components/fields/password_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { ApiError } from "../../lib/http.ts";
import { linkToken } from "../../lib/link_token.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { useTitle } from "../../lib/use_title.ts";
import { resetPassword } from "./api.ts";

const PATH = "/reset-password";

/** Opened from a mailed link: choose a new password, then log in with it. */
export function ResetPasswordPage() {
  useTitle("Reset password");
  const token = linkToken(PATH);
  const { user, signOut } = useAuth();
  const showAlert = useAlert();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  // The link itself was refused (used, expired, replaced by a newer one): only a new one helps.
  const [deadLink, setDeadLink] = useState(false);
  const { busy, message, fieldErrors, submit } = useSubmit(async () => {
    let message: string;
    try {
      message = await resetPassword(token ?? "", password);
    } catch (error) {
      if (isTokenRefusal(error)) setDeadLink(true);
      throw error;
    }
    // The API ended every session of the account, this browser's too.
    if (user) await signOut();
    showAlert("success", `${message} Log in with your new password.`, { path: "/login" });
    navigate("/login", { replace: true });
  }, ["password"]);
  const form = useFormCheck([
    { name: "password", value: password, required: "Choose a password.", rules: PASSWORD_RULES },
    {
      name: "password_repeat",
      value: repeated,
      required: "Type the new password again.",
      rules: [{
        label: "Same as the new password",
        message: "The passwords differ.",
        test: (value) => samePassword(password, value),
      }],
    },
  ]);

  if (token === null || deadLink) {
    return (
      <>
        <h1>Reset password</h1>
        {deadLink && message !== null && <Alert variant="danger">{message}</Alert>}
        <p>
          {deadLink
            ? "This link can no longer be used: each works once, for an hour, and a newer one replaces it."
            : "This page opens from the link in a password reset email."}{" "}
          <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      </>
    );
  }

  return (
    <>
      <h1>Reset password</h1>
      <CheckedForm check={form} onSubmit={submit} className="col-md-6 col-lg-5">
        {message !== null && <Alert variant="danger">{message}</Alert>}
        <PasswordField
          purpose="new"
          className="mb-3"
          label="New password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password ?? form.errors.password}
        />
        <RepeatPasswordField
          className="mb-3"
          password={password}
          value={repeated}
          onChange={setRepeated}
          error={form.errors.password_repeat}
        />
        <p className="small text-body-secondary">
          Every session of your account ends: you log in again with the new password.
        </p>
        <Button type="submit" aria-busy={busy || undefined}>Set new password</Button>
      </CheckedForm>
    </>
  );
}

function isTokenRefusal(error: unknown): boolean {
  return error instanceof ApiError &&
    (error.reason === "invalid_token" || error.fieldErrors.some((e) => e.field === "token"));
}
