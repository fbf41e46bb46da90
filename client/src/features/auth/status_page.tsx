import { useEffect } from "react";
import { DateTime } from "../../components/date_time.tsx";
import { EmailAddress } from "../../components/email_address.tsx";
import { LoginRequired } from "../../components/login_required.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { errorMessage } from "../../lib/http.ts";
import { useTitle } from "../../lib/use_title.ts";

export function StatusPage() {
  useTitle("User status");
  const { user, reloadUser } = useAuth();
  const showAlert = useAlert();

  // Ask the API again rather than trust what was loaded at login: the session may have ended elsewhere.
  useEffect(() => {
    reloadUser().catch((error) => showAlert("danger", errorMessage(error)));
  }, [reloadUser, showAlert]);

  return (
    <>
      <h1>User status</h1>
      {user
        ? (
          <ul>
            <li>
              <strong>User ID:</strong> {user.id}
            </li>
            <li>
              <strong>Email:</strong> <EmailAddress email={user.email} />
            </li>
            <li>
              <strong>Username:</strong> <span className="text-break">{user.username}</span>
            </li>
            <li>
              <strong>Created Date:</strong> <DateTime iso={user.created_at} />
            </li>
            <li>
              <strong>Admin:</strong> {user.admin ? "Yes" : "No"}
            </li>
          </ul>
        )
        : <LoginRequired />}
    </>
  );
}
