import { useState } from "react";
import {
  EMAIL_RULES,
  normalizeEmail,
  normalizeUsername,
  PASSWORD_RULES,
  USERNAME_RULES,
} from "../../../../api/users/schemas.ts";
import { FormModal } from "../../components/form_modal.tsx";
import { EmailField } from "../../components/fields/email_field.tsx";
import { CurrentPasswordField, PasswordField } from "../../components/fields/password_field.tsx";
import { UsernameField } from "../../components/fields/username_field.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import type { Check } from "../../lib/form_check.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
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
    // Nothing changed: nothing to save, and no request.
    if (Object.keys(changes).length === 0) return onHide();
    const saved = await updateUser(user.id, changes);
    onSaved(saved.user);
    showAlert("success", saved.message);
    onHide();
  }, ["username", "email", "current_password"]);
  const checks: Check[] = [
    { name: "username", value: username, required: "Enter a username.", rules: USERNAME_RULES },
    { name: "email", value: email, required: "Enter an email address.", rules: EMAIL_RULES },
  ];
  if (ownEmail) {
    checks.push({
      name: "current_password",
      value: current,
      required: "Enter your current password.",
    });
  }
  const form = useFormCheck(checks);

  return (
    <FormModal
      title={`Edit ${user.username}`}
      submitLabel="Save"
      check={form}
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
        error={form.errors.username ?? fieldErrors.username}
      />
      <EmailField
        autoComplete="off"
        value={email}
        onChange={setEmail}
        error={form.errors.email ?? fieldErrors.email}
      />
      {ownEmail && (
        <CurrentPasswordField
          className="mt-3"
          label="Your current password"
          value={current}
          onChange={setCurrent}
          error={form.errors.current_password ?? fieldErrors.current_password}
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
  const form = useFormCheck([
    { name: "password", value: password, required: "Choose a password.", rules: PASSWORD_RULES },
  ]);

  return (
    <FormModal
      title={`Reset the password of ${user.username}`}
      submitLabel="Set password"
      check={form}
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
        error={form.errors.password ?? fieldErrors.password}
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
