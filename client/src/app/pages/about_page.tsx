import { useTitle } from "../../lib/use_title.ts";

export function AboutPage() {
  useTitle("About");
  return (
    <>
      <h1>About</h1>
      <p>
        Users Service is the account backbone of a small web app. Register an account, log in to
        receive a JSON Web Token, see who is registered, check your own status, and manage your
        profile, password and sessions. Administrators can also add, change and remove users and
        read the audit trail.
      </p>
    </>
  );
}
