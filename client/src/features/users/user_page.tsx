import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { DateTime } from "../../components/date_time.tsx";
import { EmailAddress } from "../../components/email_address.tsx";
import { Loading } from "../../components/loading.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { errorMessage } from "../../lib/http.ts";
import { useTitle } from "../../lib/use_title.ts";
import { type DirectoryUser, fetchUser } from "./api.ts";

/** /users/:id, the address the API gives a user: typed into a browser, it shows this page. */
export function UserPage() {
  const { id = "" } = useParams();
  const viewer = useAuth().user;
  const [user, setUser] = useState<DirectoryUser | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTitle(user?.username ?? "User");

  useEffect(() => {
    let current = true;
    setUser(null);
    setError(null);
    fetchUser(id).then(
      (found) => current && setUser(found),
      (failure) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [id, viewer?.id]);

  if (error !== null) {
    return (
      <>
        <h1>User not found</h1>
        <p>
          {error} <Link to="/">See all users</Link>
        </p>
      </>
    );
  }
  if (user === null) return <Loading />;
  return (
    <>
      <h1 className="text-break">{user.username}</h1>
      <dl className="row">
        <dt className="col-sm-3">User ID</dt>
        <dd className="col-sm-9">{user.id}</dd>
        {user.email !== undefined && (
          <>
            <dt className="col-sm-3">Email</dt>
            <dd className="col-sm-9">
              <EmailAddress email={user.email} />
            </dd>
          </>
        )}
        <dt className="col-sm-3">Created Date</dt>
        <dd className="col-sm-9">
          <DateTime iso={user.created_at} />
        </dd>
      </dl>
      <p>
        <Link to="/">See all users</Link>
      </p>
    </>
  );
}
