import { Table } from "../../components/basic_ui.tsx";
import { DateTime } from "../../components/date_time.tsx";
import { EmailAddress } from "../../components/email_address.tsx";
import type { DirectoryUser } from "./api.ts";

/**
 * The directory, in the admin's column order. Visitors get no Email column: the API withholds
 * every address from them, so it would be a column of dashes.
 */
export function UsersTable({ users, withEmail }: { users: DirectoryUser[]; withEmail: boolean }) {
  return (
    <Table striped>
      <caption className="visually-hidden">Registered users, newest first</caption>
      <thead>
        <tr>
          <th scope="col">User ID</th>
          <th scope="col">Username</th>
          {withEmail && <th scope="col">Email</th>}
          <th scope="col">Created Date</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.id}</td>
            <td className="text-break">{user.username}</td>
            {withEmail && (
              <td>
                {/* Others' emails are withheld from non-admins. */}
                {user.email === undefined ? "—" : <EmailAddress email={user.email} />}
              </td>
            )}
            <td>
              <DateTime iso={user.created_at} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
