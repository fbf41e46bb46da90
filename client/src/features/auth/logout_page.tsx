import { useEffect } from "react";
import { Link } from "react-router-dom";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";

export function LogoutPage() {
  useTitle("Logged Out");
  const { signOut } = useAuth();

  useEffect(() => signOut(), [signOut]);

  return (
    <>
      <h1>Logged Out</h1>
      <p>
        You are now logged out. Click <Link to="/login">here</Link> to log back in.
      </p>
    </>
  );
}
