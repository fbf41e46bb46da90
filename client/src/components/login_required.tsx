import { Link, useLocation } from "react-router-dom";
import { loginPath } from "../lib/next_path.ts";

/** What a page for logged-in users says to a visitor (or after the session ended). */
export function LoginRequired() {
  const location = useLocation();
  return (
    <p>
      You must be logged in to view this.{" "}
      <Link to={loginPath(location)}>Log in to see this page</Link>
    </p>
  );
}
