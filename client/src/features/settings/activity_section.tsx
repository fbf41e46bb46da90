import { Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import { PagedList } from "../../components/paged_list.tsx";
import { eventSummary, placeText } from "../../lib/audit_events.ts";
import { usePages } from "../../lib/use_pages.ts";
import { fetchActivity } from "./api.ts";

/** One's own audit events, newest first; loaded again from the top when `version` changes. */
export function ActivitySection({ version }: { version: number }) {
  const events = usePages(fetchActivity, version);
  return (
    <PagedList pages={events} empty="Nothing yet.">
      {(items) =>
        items.length > 0 && (
          <Table>
            <caption className="visually-hidden">Your recent activity, newest first</caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">When</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <tr key={event.id}>
                  <td className="text-break">{eventSummary(event)}</td>
                  <td>
                    <DateTime iso={event.occurred_at} />
                  </td>
                  <td title={event.ip ?? undefined}>{placeText(event.ip)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
    </PagedList>
  );
}
