import { useAuth } from "../lib/auth.tsx";
import { useTitle } from "../lib/use_title.ts";
import { LoginRequired } from "./login_required.tsx";

/** What a page for admins shows everyone else: visitors are asked to log in first. */
export function AccessDenied() {
  const { user } = useAuth();
  useTitle("Access denied");
  return (
    <>
      <h1>Access denied</h1>
      {user ? <p>You do not have permission to view this page.</p> : <LoginRequired />}
    </>
  );
}
