import { Badge, Button, Card, FormCheck, Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import { EmailAddress } from "../../components/email_address.tsx";
import { useMediaQuery, WIDE } from "../../lib/use_media_query.ts";
import type { ManagedUser } from "./api.ts";
import type { Flag } from "./use_managed_users.ts";

export type RowAction = "edit" | "password" | "mail" | "two-step" | "delete";

type Props = {
  users: ManagedUser[];
  busy: boolean;
  /** The signed-in admin: their own row cannot lose its rights or be deleted here. */
  meId: number | undefined;
  /** A switch was flipped: the page asks for confirmation before anything changes. */
  onToggle: (user: ManagedUser, flag: Flag, value: boolean) => void;
  onAction: (user: ManagedUser, action: RowAction) => void;
};

export const OWN_ROW_REASON =
  "This is you: another admin can change your access or delete your account.";

/** A table on wide screens; below Bootstrap's `md`, one card per user with every action. */
export function ManagedUsersTable(props: Props) {
  return useMediaQuery(WIDE) ? <UsersTable {...props} /> : <UserCards {...props} />;
}

function UsersTable({ users, busy, meId, onToggle, onAction }: Props) {
  return (
    <Table striped className="align-middle" aria-busy={busy}>
      <caption className="visually-hidden">Users, newest first</caption>
      <thead>
        <tr>
          <th scope="col">User ID</th>
          <th scope="col">Username</th>
          <th scope="col">Email</th>
          <th scope="col">Active</th>
          <th scope="col">Admin</th>
          <th scope="col">Two-step</th>
          <th scope="col">Created Date</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.id}</td>
            <td className="text-break">{user.username}</td>
            <td>
              <EmailAddress email={user.email ?? ""} />
            </td>
            {(["active", "admin"] as const).map((flag) => (
              <td key={flag}>
                <FlagSwitch user={user} flag={flag} own={user.id === meId} onToggle={onToggle} />
              </td>
            ))}
            <td>
              <TwoStep user={user} />
            </td>
            <td>
              <DateTime iso={user.created_at} />
            </td>
            <td>
              <Actions user={user} own={user.id === meId} onAction={onAction} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function UserCards({ users, busy, meId, onToggle, onAction }: Props) {
  return (
    <ul className="list-unstyled" aria-label="Users, newest first" aria-busy={busy}>
      {users.map((user) => {
        const own = user.id === meId;
        return (
          <li key={user.id} className="mb-3">
            <Card>
              <Card.Body>
                <Card.Title as="h2" className="h5 text-break">{user.username}</Card.Title>
                <dl className="row mb-2 small">
                  <dt className="col-4">Email</dt>
                  <dd className="col-8">
                    <EmailAddress email={user.email ?? ""} />
                  </dd>
                  <dt className="col-4">User ID</dt>
                  <dd className="col-8">{user.id}</dd>
                  <dt className="col-4">Two-step</dt>
                  <dd className="col-8">
                    <TwoStep user={user} />
                  </dd>
                  <dt className="col-4">Created</dt>
                  <dd className="col-8">
                    <DateTime iso={user.created_at} />
                  </dd>
                </dl>
                <div className="d-flex gap-4 mb-3">
                  {(["active", "admin"] as const).map((flag) => (
                    <FlagSwitch
                      key={flag}
                      user={user}
                      flag={flag}
                      own={own}
                      onToggle={onToggle}
                      visibleLabel
                    />
                  ))}
                </div>
                <Actions user={user} own={own} onAction={onAction} />
              </Card.Body>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}

/** Whether the user has a second factor (an authenticator app or a passkey). */
function TwoStep({ user }: { user: ManagedUser }) {
  return user.second_factor
    ? <Badge bg="success">On</Badge>
    : <span className="text-body-secondary">Off</span>;
}

const FLAG_LABELS: Record<Flag, string> = { active: "Active", admin: "Admin" };

// Never disabled while the API answers (that would throw keyboard focus out of the table);
// a second flip before the answer is ignored instead. Disabled on one's own row, where the API
// would refuse it anyway, with the reason beside the actions.
function FlagSwitch(
  { user, flag, own, onToggle, visibleLabel = false }: {
    user: ManagedUser;
    flag: Flag;
    own: boolean;
    onToggle: Props["onToggle"];
    visibleLabel?: boolean;
  },
) {
  // The column header (or the card's visible label) says what the switch is for the eye; the
  // full label says it for everyone.
  const label = visibleLabel
    ? (
      <>
        <span aria-hidden="true">{FLAG_LABELS[flag]}</span>
        <span className="visually-hidden">{FLAG_LABELS[flag]}: {user.username}</span>
      </>
    )
    : <span className="visually-hidden">{FLAG_LABELS[flag]}: {user.username}</span>;
  return (
    <FormCheck
      type="switch"
      role="switch"
      id={`user-${user.id}-${flag}`}
      className="mb-0"
      checked={user[flag] ?? false}
      disabled={own}
      aria-describedby={own ? ownReasonId(user) : undefined}
      onChange={(event) => onToggle(user, flag, event.target.checked)}
      label={label}
    />
  );
}

function ownReasonId(user: ManagedUser) {
  return `user-${user.id}-own`;
}

function Actions(
  { user, own, onAction }: { user: ManagedUser; own: boolean; onAction: Props["onAction"] },
) {
  return (
    <>
      <div className="d-flex flex-wrap gap-2">
        <ActionButton user={user} action="edit" label="Edit" onAction={onAction} />
        <ActionButton user={user} action="password" label="Reset password" onAction={onAction} />
        <ActionButton user={user} action="mail" label="Send email" onAction={onAction} />
        <ActionButton user={user} action="two-step" label="Two-step" onAction={onAction} />
        <ActionButton
          user={user}
          action="delete"
          label="Delete"
          onAction={onAction}
          disabledReason={own ? ownReasonId(user) : undefined}
        />
      </div>
      {own && (
        <p id={ownReasonId(user)} className="small text-body-secondary mb-0 mt-2">
          {OWN_ROW_REASON}
        </p>
      )}
    </>
  );
}

function ActionButton(
  { user, action, label, onAction, disabledReason }: {
    user: ManagedUser;
    action: RowAction;
    label: string;
    onAction: Props["onAction"];
    /** The id of the text that says why the button is disabled. */
    disabledReason?: string;
  },
) {
  return (
    <Button
      size="sm"
      variant={action === "delete" ? "outline-danger" : "outline-secondary"}
      disabled={disabledReason !== undefined}
      aria-describedby={disabledReason}
      onClick={() => onAction(user, action)}
    >
      {label}
      <span className="visually-hidden">: {user.username}</span>
    </Button>
  );
}
