import { Button, FormCheck, Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import type { ManagedUser } from "./api.ts";
import type { Flag } from "./use_managed_users.ts";

export type RowAction = "edit" | "password" | "mail" | "delete";

type Props = {
  users: ManagedUser[];
  busy: boolean;
  onToggle: (user: ManagedUser, flag: Flag, value: boolean) => void;
  onAction: (user: ManagedUser, action: RowAction) => void;
};

export function ManagedUsersTable({ users, busy, onToggle, onAction }: Props) {
  return (
    <Table striped responsive className="align-middle" aria-busy={busy}>
      <caption className="visually-hidden">Users, newest first</caption>
      <thead>
        <tr>
          <th scope="col">User ID</th>
          <th scope="col">Username</th>
          <th scope="col">Email</th>
          <th scope="col">Active</th>
          <th scope="col">Admin</th>
          <th scope="col">Created Date</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.id}</td>
            <td className="text-break">{user.username}</td>
            <td className="text-break">{user.email}</td>
            {(["active", "admin"] as const).map((flag) => (
              <td key={flag}>
                <FlagSwitch user={user} flag={flag} onToggle={onToggle} />
              </td>
            ))}
            <td>
              <DateTime iso={user.created_at} />
            </td>
            <td>
              <div className="d-flex flex-wrap gap-2">
                <ActionButton user={user} action="edit" label="Edit" onAction={onAction} />
                <ActionButton
                  user={user}
                  action="password"
                  label="Reset password"
                  onAction={onAction}
                />
                <ActionButton user={user} action="mail" label="Send email" onAction={onAction} />
                <ActionButton user={user} action="delete" label="Delete" onAction={onAction} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const FLAG_LABELS: Record<Flag, string> = { active: "Active", admin: "Admin" };

// Never disabled while the API answers (that would throw keyboard focus out of the table);
// a second flip before the answer is ignored instead.
function FlagSwitch(
  { user, flag, onToggle }: {
    user: ManagedUser;
    flag: Flag;
    onToggle: Props["onToggle"];
  },
) {
  return (
    <FormCheck
      type="switch"
      role="switch"
      id={`user-${user.id}-${flag}`}
      className="mb-0"
      checked={user[flag] ?? false}
      onChange={(event) => onToggle(user, flag, event.target.checked)}
      // The column header says what the switch is for the eye; the label says it for everyone.
      label={<span className="visually-hidden">{FLAG_LABELS[flag]}: {user.username}</span>}
    />
  );
}

function ActionButton(
  { user, action, label, onAction }: {
    user: ManagedUser;
    action: RowAction;
    label: string;
    onAction: Props["onAction"];
  },
) {
  return (
    <Button
      size="sm"
      variant={action === "delete" ? "outline-danger" : "outline-secondary"}
      onClick={() => onAction(user, action)}
    >
      {label}
      <span className="visually-hidden">: {user.username}</span>
    </Button>
  );
}
