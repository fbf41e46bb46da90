import { useCallback } from "react";
import { Link } from "react-router-dom";
import { PagedList } from "../../components/paged_list.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { usePages } from "../../lib/use_pages.ts";
import { useTitle } from "../../lib/use_title.ts";
import { fetchUsers } from "./api.ts";
import { UsersTable } from "./users_table.tsx";

export function UsersPage() {
  useTitle("All users");
  const { user } = useAuth();
  const showAlert = useAlert();
  const alertError = useCallback((message: string) => showAlert("danger", message), [showAlert]);
  // Loaded again when the viewer changes: what the API shows (emails) depends on who asks.
  const users = usePages(fetchUsers, user?.id ?? null, alertError);

  return (
    <>
      <h1>All users</h1>
      {/* One place to add and change users: the admin's Users page. */}
      {user?.admin && (
        <p>
          <Link to="/admin/users">Add and manage users</Link>
        </p>
      )}
      <PagedList pages={users} empty="No users yet." failedText="The users could not be loaded.">
        {(items) => items.length > 0 && <UsersTable users={items} withEmail={user !== null} />}
      </PagedList>
    </>
  );
}
