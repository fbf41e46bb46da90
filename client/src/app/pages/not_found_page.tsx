import { Link } from "react-router-dom";
import { useTitle } from "../../lib/use_title.ts";

export function NotFoundPage() {
  useTitle("Page not found");
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the home page</Link>
      </p>
    </>
  );
}
