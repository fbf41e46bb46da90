import { type FormEvent, useId, useState } from "react";
import { Button, Form, FormCheck } from "react-bootstrap";
import { EMAIL_RULES, PASSWORD_RULES, USERNAME_RULES } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../../components/ruled_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import { createUser, type DirectoryUser, type NewUser } from "./api.ts";

const EMPTY = { username: "", email: "", password: "", admin: false } satisfies NewUser;

export function AddUserForm({ onAdded }: { onAdded: (user: DirectoryUser) => void }) {
  const showAlert = useAlert();
  const headingId = useId();
  const [values, setValues] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof EMPTY) => (value: string | boolean) =>
    setValues((previous) => ({ ...previous, [field]: value }));

  const valid = meetsRules(USERNAME_RULES, values.username) &&
    meetsRules(EMAIL_RULES, values.email) && meetsRules(PASSWORD_RULES, values.password);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const { message, user } = await createUser(values);
      onAdded(user);
      showAlert("success", message);
      setValues(EMPTY);
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
      <div className="row g-3 mb-3">
        <RuledField
          className="col-md-4"
          label="Username"
          name="username"
          autoComplete="off"
          rules={USERNAME_RULES}
          value={values.username}
          onChange={set("username")}
        />
        <RuledField
          className="col-md-4"
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          rules={EMAIL_RULES}
          value={values.email}
          onChange={set("email")}
        />
        <RuledField
          className="col-md-4"
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          rules={PASSWORD_RULES}
          value={values.password}
          onChange={set("password")}
        />
      </div>
      <FormCheck
        className="mb-3"
        id={`${headingId}-admin`}
        name="admin"
        label="Admin"
        checked={values.admin}
        onChange={(event) => set("admin")(event.target.checked)}
      />
      <Button type="submit" disabled={!valid || busy}>Add User</Button>
    </Form>
  );
}
