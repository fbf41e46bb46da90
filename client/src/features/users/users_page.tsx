import { lazy, Suspense, useCallback } from "react";
import { Loading } from "../../components/loading.tsx";
import { PagedList } from "../../components/paged_list.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { usePages } from "../../lib/use_pages.ts";
import { useTitle } from "../../lib/use_title.ts";
import { type DirectoryUser, fetchUsers } from "./api.ts";
import { UsersTable } from "./users_table.tsx";

// Only admins see the form; loading it on demand keeps the form rules (and zod) out of
// everyone else's first load.
const AddUserForm = lazy(() =>
  import("./add_user_form.tsx").then((module) => ({ default: module.AddUserForm }))
);

export function UsersPage() {
  useTitle("All users");
  const { user } = useAuth();
  const showAlert = useAlert();
  const alertError = useCallback((message: string) => showAlert("danger", message), [showAlert]);
  // Loaded again when the viewer changes: what the API shows (emails) depends on who asks.
  const users = usePages(fetchUsers, user?.id ?? null, alertError);
  const { setItems } = users;
  const prepend = useCallback(
    (added: DirectoryUser) => setItems((loaded) => [added, ...loaded]),
    [setItems],
  );

  return (
    <>
      <h1>All users</h1>
      {user?.admin && (
        <Suspense fallback={<Loading />}>
          <AddUserForm onAdded={prepend} />
        </Suspense>
      )}
      <PagedList pages={users} failedText="The users could not be loaded.">
        {(items) => <UsersTable users={items} />}
      </PagedList>
    </>
  );
}
