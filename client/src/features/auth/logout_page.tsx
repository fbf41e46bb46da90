import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { Loading } from "../../components/loading.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";

export function LogoutPage() {
  useTitle("Logged out");
  const { signOut } = useAuth();
  // Said once the API has ended the session: a reload right after cannot bring it back.
  const [done, setDone] = useState(false);

  useEffect(() => {
    let current = true;
    signOut().then(() => {
      if (current) setDone(true);
    });
    return () => {
      current = false;
    };
  }, [signOut]);

  return (
    <>
      <h1>Logged out</h1>
      {done
        ? (
          <p>
            You are now logged out. <Link to="/login">Log in again</Link>
          </p>
        )
        : <Loading />}
    </>
  );
}
