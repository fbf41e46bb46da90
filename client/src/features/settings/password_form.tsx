import { useState } from "react";
import { Alert, Button } from "react-bootstrap";
import { PASSWORD_RULES } from "../../../../api/users/schemas.ts";
import { CheckedForm } from "../../components/checked_form.tsx";
import { CurrentPasswordField, PasswordField } from "../../components/fields/password_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import type { CurrentUser } from "../../lib/auth.tsx";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { changePassword } from "./api.ts";

export function PasswordForm({ user, onChanged }: { user: CurrentUser; onChanged: () => void }) {
  const showAlert = useAlert();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    showAlert("success", await changePassword({ current_password: current, new_password: next }));
    setCurrent("");
    setNext("");
    // The API ended every other session: the list below should say so.
    onChanged();
  }, ["current_password", "new_password"]);
  const form = useFormCheck([
    { name: "current_password", value: current, required: "Enter your current password." },
    {
      name: "new_password",
      value: next,
      required: "Choose a new password.",
      rules: PASSWORD_RULES,
    },
  ]);

  return (
    <CheckedForm check={form} onSubmit={submit} className="col-md-8 col-lg-6">
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <CurrentPasswordField
        className="mb-3"
        value={current}
        onChange={setCurrent}
        error={form.errors.current_password ?? fieldErrors.current_password}
        onRetype={clear}
      />
      <PasswordField
        purpose="new"
        className="mb-3"
        label="New password"
        name="new_password"
        value={next}
        onChange={setNext}
        owner={[user.username, user.email]}
        error={form.errors.new_password ?? fieldErrors.new_password}
      />
      <p className="small text-body-secondary">
        Your other sessions end; this one stays signed in.
      </p>
      <Button type="submit" aria-busy={busy || undefined}>Change password</Button>
    </CheckedForm>
  );
}
