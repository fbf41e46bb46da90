import { useState } from "react";
import { Alert, Button, Col, Form, Row } from "react-bootstrap";
import { PagedList } from "../../components/paged_list.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";
import { AddUserModal } from "./add_user_modal.tsx";
import type { ManagedUser, UserFilters } from "./api.ts";
import { MailUserModal } from "./mail_user_modal.tsx";
import { ManagedUsersTable, type RowAction } from "./managed_users_table.tsx";
import { TwoStepModal } from "./two_step_modal.tsx";
import { type Flag, useManagedUsers } from "./use_managed_users.ts";
import {
  ConfirmFlagModal,
  DeleteUserModal,
  EditUserModal,
  ResetPasswordModal,
} from "./user_dialogs.tsx";

type Dialog =
  | { action: RowAction; user: ManagedUser }
  | { action: "flag"; user: ManagedUser; flag: Flag; value: boolean }
  | { action: "add" };

export function AdminUsersPage() {
  useTitle("Users");
  const users = useManagedUsers();
  const me = useAuth().user;
  const { filters, setFilters } = users;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const setFilter = (name: keyof UserFilters) => (value: string) =>
    setFilters((previous) => ({ ...previous, [name]: value }));

  return (
    <>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
        <h1 className="mb-0">Users</h1>
        <Button onClick={() => setDialog({ action: "add" })}>Add User</Button>
      </div>
      <Form role="search" className="mb-3" onSubmit={(event) => event.preventDefault()}>
        <Row className="g-3">
          <Form.Group as={Col} md={6} controlId="user-search">
            <Form.Label>Search</Form.Label>
            <Form.Control
              type="search"
              placeholder="Username or email"
              value={filters.q}
              onChange={(event) => setFilter("q")(event.target.value)}
            />
          </Form.Group>
          <FlagFilter
            id="filter-active"
            label="Active"
            value={filters.active}
            onChange={setFilter("active")}
          />
          <FlagFilter
            id="filter-admin"
            label="Admin"
            value={filters.admin}
            onChange={setFilter("admin")}
          />
        </Row>
      </Form>
      {users.rowError !== null && (
        <Alert variant="danger" dismissible closeLabel="Close" onClose={users.dismissRowError}>
          {users.rowError}
        </Alert>
      )}
      <PagedList pages={users} empty="No users match.">
        {(items, busy) => (
          <ManagedUsersTable
            users={items}
            busy={busy}
            meId={me?.id}
            onToggle={(user, flag, value) => setDialog({ action: "flag", user, flag, value })}
            onAction={(user, action) => setDialog({ action, user })}
          />
        )}
      </PagedList>
      {dialog?.action === "flag" && (
        <ConfirmFlagModal
          user={dialog.user}
          flag={dialog.flag}
          value={dialog.value}
          onHide={close}
          onConfirm={() => users.toggle(dialog.user, dialog.flag, dialog.value)}
        />
      )}
      {dialog?.action === "add" && <AddUserModal onHide={close} onAdded={users.prepend} />}
      {dialog?.action === "edit" && (
        <EditUserModal user={dialog.user} onHide={close} onSaved={users.replace} />
      )}
      {dialog?.action === "password" && <ResetPasswordModal user={dialog.user} onHide={close} />}
      {dialog?.action === "mail" && <MailUserModal user={dialog.user} onHide={close} />}
      {dialog?.action === "two-step" && <TwoStepModal user={dialog.user} onHide={close} />}
      {dialog?.action === "delete" && (
        <DeleteUserModal user={dialog.user} onHide={close} onDeleted={users.remove} />
      )}
    </>
  );
}

function FlagFilter(
  { id, label, value, onChange }: {
    id: string;
    label: string;
    value: string;
    onChange: (value: string) => void;
  },
) {
  return (
    <Form.Group as={Col} xs={6} md={3} controlId={id}>
      <Form.Label>{label}</Form.Label>
      <Form.Select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </Form.Select>
    </Form.Group>
  );
}
