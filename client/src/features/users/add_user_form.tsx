import { type FormEvent, useId, useState } from "react";
import { Button, Form } from "react-bootstrap";
import {
  NewUserFields,
  newUserValid,
  type NewUserValues,
  NO_NEW_USER,
} from "../../components/new_user_fields.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { createUser } from "../../lib/create_user.ts";
import { errorMessage } from "../../lib/http.ts";
import type { DirectoryUser } from "./api.ts";

export function AddUserForm({ onAdded }: { onAdded: (user: DirectoryUser) => void }) {
  const showAlert = useAlert();
  const headingId = useId();
  const [values, setValues] = useState<NewUserValues>(NO_NEW_USER);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const { message, user } = await createUser(values);
      onAdded(user);
      showAlert("success", message);
      setValues(NO_NEW_USER);
    } catch (error) {
      showAlert("danger", errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      onSubmit={submit}
      aria-labelledby={headingId}
      className="border rounded p-3 mb-4"
      noValidate
    >
      <h2 id={headingId} className="h4">Add User</h2>
      <NewUserFields values={values} onChange={setValues} layout="row" />
      <Button type="submit" disabled={!newUserValid(values) || busy}>Add User</Button>
    </Form>
  );
}
