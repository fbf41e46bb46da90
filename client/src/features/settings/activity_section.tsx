import { Alert, Button, Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import { LoadMore } from "../../components/load_more.tsx";
import { Loading } from "../../components/loading.tsx";
import { eventSummary } from "../../lib/audit_events.ts";
import { usePages } from "../../lib/use_pages.ts";
import { fetchActivity } from "./api.ts";

/** One's own audit events, newest first; loaded again from the top when `version` changes. */
export function ActivitySection({ version }: { version: number }) {
  const events = usePages(fetchActivity, version);
  return (
    <>
      {events.error !== null && (
        <Alert variant="danger">
          {events.error}{" "}
          {events.status === "failed" && (
            <Button variant="link" className="p-0 align-baseline" onClick={events.retry}>
              Try again
            </Button>
          )}
        </Alert>
      )}
      {events.items.length > 0 && (
        <Table>
          <caption className="visually-hidden">Your recent activity, newest first</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">When</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {events.items.map((event) => (
              <tr key={event.id}>
                <td className="text-break">{eventSummary(event)}</td>
                <td>
                  <DateTime iso={event.occurred_at} />
                </td>
                <td>{event.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {events.status === "loading" && <Loading />}
      {events.status === "loaded" && events.items.length === 0 && <p>Nothing yet.</p>}
      {events.status === "loaded" && events.nextCursor !== null && (
        <LoadMore onClick={events.loadMore} loading={events.loadingMore} />
      )}
    </>
  );
}
