import { Alert, Button } from "./basic_ui.tsx";

/**
 * Said while the API cannot be reached to restore the session: the page is kept (this is not
 * "logged out"), and comes back by itself when the server does.
 */
export function OutageBanner({ onRetry }: { onRetry: () => void }) {
  return (
    <Alert variant="warning" role="status" className="d-flex flex-wrap align-items-center gap-2">
      <span>
        <strong>Cannot reach the server.</strong>{" "}
        This page will load by itself as soon as it is back; trying again every few seconds.
      </span>
      <Button variant="outline-dark" size="sm" onClick={onRetry}>Try now</Button>
    </Alert>
  );
}
