import { lazy, Suspense } from "react";
import { Button } from "react-bootstrap";
import { Loading } from "../../components/loading.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";
import { UsersTable } from "./users_table.tsx";
import { useUserDirectory } from "./use_user_directory.ts";

// Only admins see the form; loading it on demand keeps the form rules (and zod) out of
// everyone else's first load.
const AddUserForm = lazy(() =>
  import("./add_user_form.tsx").then((module) => ({ default: module.AddUserForm }))
);

export function UsersPage() {
  useTitle("All Users");
  const { user } = useAuth();
  const { users, nextCursor, status, loadingMore, loadMore, prepend, retry } = useUserDirectory(
    user?.id ?? null,
  );

  return (
    <>
      <h1>All Users</h1>
      {user?.admin && (
        <Suspense fallback={<Loading />}>
          <AddUserForm onAdded={prepend} />
        </Suspense>
      )}
      <UsersTable users={users} />
      {status === "loading" && <Loading />}
      {status === "failed" && (
        <p>
          The users could not be loaded.{" "}
          <Button variant="link" className="p-0 align-baseline" onClick={retry}>Try again</Button>
        </p>
      )}
      {status === "loaded" && nextCursor !== null && (
        <div className="d-flex align-items-center gap-3">
          <Button variant="outline-primary" onClick={loadMore}>Load more</Button>
          {loadingMore && <Loading />}
        </div>
      )}
    </>
  );
}
