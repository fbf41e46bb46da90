import { useState } from "react";
import { EMAIL_RULES, PASSWORD_RULES, USERNAME_RULES } from "../../../../api/users/schemas.ts";
import { FormModal } from "../../components/form_modal.tsx";
import { meetsRules, RuledField } from "../../components/ruled_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useSubmit } from "../../lib/use_submit.ts";
import { deleteUser, type ManagedUser, updateUser, type UserChanges } from "./api.ts";

type Props = { user: ManagedUser; onHide: () => void };

export function EditUserModal(
  { user, onHide, onSaved }: Props & { onSaved: (user: ManagedUser) => void },
) {
  const showAlert = useAlert();
  const [username, setUsername] = useState(user.username);
  const [email, setEmail] = useState(user.email ?? "");
  const changes: UserChanges = {};
  if (username.trim() !== user.username) changes.username = username;
  if (email.trim().toLowerCase() !== user.email) changes.email = email;
  const { busy, message, fieldErrors, submit } = useSubmit(async () => {
    const saved = await updateUser(user.id, changes);
    onSaved(saved.user);
    showAlert("success", saved.message);
    onHide();
  }, ["username", "email"]);
  const valid = meetsRules(USERNAME_RULES, username) && meetsRules(EMAIL_RULES, email);

  return (
    <FormModal
      title={`Edit ${user.username}`}
      submitLabel="Save"
      ready={valid && Object.keys(changes).length > 0}
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <RuledField
        className="mb-3"
        label="Username"
        name="username"
        autoComplete="off"
        rules={USERNAME_RULES}
        value={username}
        onChange={setUsername}
        error={fieldErrors.username}
      />
      <RuledField
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        rules={EMAIL_RULES}
        value={email}
        onChange={setEmail}
        error={fieldErrors.email}
      />
    </FormModal>
  );
}

export function ResetPasswordModal({ user, onHide }: Props) {
  const showAlert = useAlert();
  const [password, setPassword] = useState("");
  const { busy, message, fieldErrors, submit } = useSubmit(async () => {
    const saved = await updateUser(user.id, { password });
    showAlert("success", saved.message);
    onHide();
  }, ["password"]);

  return (
    <FormModal
      title={`Reset the password of ${user.username}`}
      submitLabel="Set password"
      ready={meetsRules(PASSWORD_RULES, password)}
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <p>Their sessions end: they log in again with the new password.</p>
      <RuledField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        rules={PASSWORD_RULES}
        value={password}
        onChange={setPassword}
        error={fieldErrors.password}
      />
    </FormModal>
  );
}

export function DeleteUserModal(
  { user, onHide, onDeleted }: Props & { onDeleted: (id: number) => void },
) {
  const showAlert = useAlert();
  const { busy, message, submit } = useSubmit(async () => {
    showAlert("success", await deleteUser(user.id));
    onDeleted(user.id);
    onHide();
  });

  return (
    <FormModal
      title={`Delete ${user.username}?`}
      submitLabel="Delete"
      variant="danger"
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <p className="mb-0">
        The account of {user.username}{" "}
        ({user.email}) and all their sessions are removed. This cannot be undone.
      </p>
    </FormModal>
  );
}
