import { useState } from "react";
import { normalizeEmail, normalizeUsername } from "../../../../api/users/schemas.ts";
import { FormModal } from "../../components/form_modal.tsx";
import { EmailField, validEmail } from "../../components/fields/email_field.tsx";
import {
  CurrentPasswordField,
  PasswordField,
  validNewPassword,
} from "../../components/fields/password_field.tsx";
import { UsernameField, validUsername } from "../../components/fields/username_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useSubmit } from "../../lib/use_submit.ts";
import { deleteUser, type ManagedUser, updateUser, type UserChanges } from "./api.ts";
import type { Flag } from "./use_managed_users.ts";

type Props = { user: ManagedUser; onHide: () => void };

export function EditUserModal(
  { user, onHide, onSaved }: Props & { onSaved: (user: ManagedUser) => void },
) {
  const showAlert = useAlert();
  const me = useAuth().user;
  const [username, setUsername] = useState(user.username);
  const [email, setEmail] = useState(user.email ?? "");
  const [current, setCurrent] = useState("");
  const changes: UserChanges = {};
  if (normalizeUsername(username) !== user.username) changes.username = username;
  const emailChanged = normalizeEmail(email) !== user.email;
  if (emailChanged) changes.email = email;
  // Moving one's own account to another address takes its password, for admins too.
  const ownEmail = emailChanged && me?.id === user.id;
  if (ownEmail) changes.current_password = current;
  const { busy, message, fieldErrors, submit } = useSubmit(async () => {
    const saved = await updateUser(user.id, changes);
    onSaved(saved.user);
    showAlert("success", saved.message);
    onHide();
  }, ["username", "email", "current_password"]);
  const valid = validUsername(username) && validEmail(email) &&
    (!ownEmail || current.length > 0);

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
      <UsernameField
        className="mb-3"
        autoComplete="off"
        value={username}
        onChange={setUsername}
        error={fieldErrors.username}
      />
      <EmailField autoComplete="off" value={email} onChange={setEmail} error={fieldErrors.email} />
      {ownEmail && (
        <CurrentPasswordField
          className="mt-3"
          label="Your current password"
          value={current}
          onChange={setCurrent}
          error={fieldErrors.current_password}
        />
      )}
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
      ready={validNewPassword(password)}
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <p>Their sessions end: they log in again with the new password.</p>
      <PasswordField
        purpose="new"
        label="New password"
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

/** What flipping a switch does, said before it is done. */
export function flagChange(user: ManagedUser, flag: Flag, value: boolean) {
  const name = user.username;
  if (flag === "admin") {
    return value
      ? {
        title: `Make ${name} an admin?`,
        effect: `${name} will be able to manage every user and read the audit trail. ` +
          `Their sessions end: they log in again to use the new rights.`,
        confirm: "Make admin",
      }
      : {
        title: `Remove ${name}'s admin rights?`,
        effect: `${name} will no longer manage users or read the audit trail. ` +
          `Their sessions end: they log in again.`,
        confirm: "Remove admin rights",
      };
  }
  return value
    ? {
      title: `Reactivate ${name}?`,
      effect: `${name} will be able to log in again.`,
      confirm: "Reactivate",
    }
    : {
      title: `Deactivate ${name}?`,
      effect: `${name} can no longer log in, and every session they have ends now.`,
      confirm: "Deactivate",
    };
}

export function ConfirmFlagModal(
  { user, flag, value, onHide, onConfirm }: Props & {
    flag: Flag;
    value: boolean;
    onConfirm: () => void;
  },
) {
  const { title, effect, confirm } = flagChange(user, flag, value);
  return (
    <FormModal
      title={title}
      submitLabel={confirm}
      variant={flag === "active" && value ? "primary" : "danger"}
      busy={false}
      error={null}
      onSubmit={(event) => {
        event.preventDefault();
        onConfirm();
        onHide();
      }}
      onHide={onHide}
    >
      <p className="mb-0">{effect}</p>
    </FormModal>
  );
}
