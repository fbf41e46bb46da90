import { useTitle } from "../lib/use_title.ts";

/** What a page for admins shows everyone else, visitors included. */
export function AccessDenied() {
  useTitle("Access Denied");
  return (
    <>
      <h1>Access denied</h1>
      <p>You do not have permission to view this page.</p>
    </>
  );
}
