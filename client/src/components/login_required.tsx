import { Link } from "react-router-dom";

/** What a page for logged-in users says to a visitor (or after the session ended). */
export function LoginRequired() {
  return (
    <p>
      You must be logged in to view this. Click <Link to="/login">here</Link> to log back in.
    </p>
  );
}
