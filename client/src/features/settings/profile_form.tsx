import { useState } from "react";
import { Alert, Button, Form } from "react-bootstrap";
import { EMAIL_RULES, USERNAME_RULES } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../../components/ruled_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { type CurrentUser, useAuth } from "../../lib/auth.tsx";
import { useSubmit } from "../../lib/use_submit.ts";
import { type ProfileChanges, updateProfile } from "./api.ts";

export function ProfileForm({ user, onSaved }: { user: CurrentUser; onSaved: () => void }) {
  const showAlert = useAlert();
  const { reloadUser } = useAuth();
  const [username, setUsername] = useState(user.username);
  const [email, setEmail] = useState(user.email);
  const changes: ProfileChanges = {};
  if (username.trim() !== user.username) changes.username = username;
  if (email.trim().toLowerCase() !== user.email) changes.email = email;
  const { busy, message, fieldErrors, submit } = useSubmit(async () => {
    const saved = await updateProfile(user.id, changes);
    // The navbar, /status and this form all show the user as the API now has them.
    await reloadUser();
    showAlert("success", saved);
    onSaved();
  }, ["username", "email"]);
  const valid = meetsRules(USERNAME_RULES, username) && meetsRules(EMAIL_RULES, email);

  return (
    <Form onSubmit={submit} className="col-md-8 col-lg-6" noValidate>
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <RuledField
        className="mb-3"
        label="Username"
        name="username"
        autoComplete="username"
        rules={USERNAME_RULES}
        value={username}
        onChange={setUsername}
        error={fieldErrors.username}
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
        error={fieldErrors.email}
      />
      <Button type="submit" disabled={!valid || Object.keys(changes).length === 0 || busy}>
        Save profile
      </Button>
    </Form>
  );
}
