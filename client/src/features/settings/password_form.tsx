import { useState } from "react";
import { Alert, Button, Form } from "react-bootstrap";
import {
  CurrentPasswordField,
  PasswordField,
  validNewPassword,
} from "../../components/fields/password_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useSubmit } from "../../lib/use_submit.ts";
import { changePassword } from "./api.ts";

export function PasswordForm({ onChanged }: { onChanged: () => void }) {
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
  const valid = current.length > 0 && validNewPassword(next);

  return (
    <Form onSubmit={submit} className="col-md-8 col-lg-6" noValidate>
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <CurrentPasswordField
        className="mb-3"
        value={current}
        onChange={setCurrent}
        error={fieldErrors.current_password}
        onRetype={clear}
      />
      <PasswordField
        purpose="new"
        className="mb-3"
        label="New password"
        name="new_password"
        value={next}
        onChange={setNext}
        error={fieldErrors.new_password}
      />
      <p className="small text-body-secondary">
        Your other sessions end; this one stays signed in.
      </p>
      <Button type="submit" disabled={!valid || busy}>Change password</Button>
    </Form>
  );
}
