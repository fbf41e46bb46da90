import { Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import type { DirectoryUser } from "./api.ts";

export function UsersTable({ users }: { users: DirectoryUser[] }) {
  return (
    <Table striped>
      <caption className="visually-hidden">Registered users, newest first</caption>
      <thead>
        <tr>
          <th scope="col">User ID</th>
          <th scope="col">Email</th>
          <th scope="col">Username</th>
          <th scope="col">Created Date</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.id}</td>
            {/* The API withholds other people's emails from visitors and non-admins. */}
            <td className="text-break">{user.email ?? "—"}</td>
            <td className="text-break">{user.username}</td>
            <td>
              <DateTime iso={user.created_at} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
