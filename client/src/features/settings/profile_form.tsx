import { useState } from "react";
import { Alert, Button } from "react-bootstrap";
import {
  EMAIL_RULES,
  normalizeEmail,
  normalizeUsername,
  USERNAME_RULES,
} from "../../../../api/users/schemas.ts";
import { CheckedForm } from "../../components/checked_form.tsx";
import { EmailField } from "../../components/fields/email_field.tsx";
import { CurrentPasswordField } from "../../components/fields/password_field.tsx";
import { UsernameField } from "../../components/fields/username_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { type CurrentUser, useAuth } from "../../lib/auth.tsx";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { type ProfileChanges, updateProfile } from "./api.ts";

export function ProfileForm({ user, onSaved }: { user: CurrentUser; onSaved: () => void }) {
  const showAlert = useAlert();
  const { reloadUser } = useAuth();
  const [username, setUsername] = useState(user.username);
  const [email, setEmail] = useState(user.email);
  const [current, setCurrent] = useState("");
  // The new address a mailed link has yet to confirm.
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);
  const [nothingToSave, setNothingToSave] = useState(false);
  const changes: ProfileChanges = {};
  if (normalizeUsername(username) !== user.username) changes.username = username;
  // Moving the account to another address takes its password, not only a signed-in browser.
  const emailChanged = normalizeEmail(email) !== user.email;
  if (emailChanged) {
    changes.email = email;
    changes.current_password = current;
  }
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    const saved = await updateProfile(user.id, changes);
    setCurrent("");
    if (saved.emailPending) {
      setPendingEmail(normalizeEmail(email));
      // The account keeps its address until the link is followed; the field shows it again.
      setEmail(user.email);
    }
    // The navbar, /status and this form all show the user as the API now has them.
    await reloadUser();
    showAlert("success", saved.message);
    onSaved();
  }, ["username", "email", "current_password"]);
  const form = useFormCheck([
    { name: "username", value: username, required: "Enter a username.", rules: USERNAME_RULES },
    { name: "email", value: email, required: "Enter your email address.", rules: EMAIL_RULES },
    ...(emailChanged
      ? [{
        name: "current_password",
        value: current,
        required: "Enter your current password to change your email.",
      }]
      : []),
  ]);
  const unchanged = Object.keys(changes).length === 0;

  return (
    <CheckedForm
      check={form}
      onSubmit={(event) => {
        if (unchanged) setNothingToSave(true);
        else void submit(event);
      }}
      className="col-md-8 col-lg-6"
    >
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <div role="status">
        {pendingEmail !== null && (
          <div className="alert alert-info">
            Check your new inbox: follow the link we sent to <strong>{pendingEmail}</strong>{" "}
            to move your account there. Until then it stays at {user.email}.
          </div>
        )}
      </div>
      <UsernameField
        className="mb-3"
        value={username}
        onChange={(value) => {
          setUsername(value);
          setNothingToSave(false);
        }}
        error={form.errors.username ?? fieldErrors.username}
      />
      <EmailField
        className="mb-3"
        value={email}
        onChange={(value) => {
          setEmail(value);
          setNothingToSave(false);
        }}
        error={form.errors.email ?? fieldErrors.email}
      />
      {emailChanged && (
        <CurrentPasswordField
          className="mb-3"
          value={current}
          onChange={setCurrent}
          error={form.errors.current_password ?? fieldErrors.current_password}
          onRetype={clear}
        />
      )}
      <Button type="submit" aria-busy={busy || undefined}>Save profile</Button>
      <span className="ms-3 small text-body-secondary" role="status">
        {nothingToSave && "Nothing to save: change your username or email first."}
      </span>
    </CheckedForm>
  );
}
