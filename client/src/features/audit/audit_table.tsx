import { Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import {
  actionText,
  type AuditEvent,
  changeTexts,
  detailTexts,
  placeText,
} from "../../lib/audit_events.ts";

export function AuditTable({ events, busy }: { events: AuditEvent[]; busy: boolean }) {
  return (
    <Table striped aria-busy={busy}>
      <caption className="visually-hidden">Audit events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Action</th>
          <th scope="col">Actor</th>
          <th scope="col">Target</th>
          <th scope="col">Changes</th>
          <th scope="col">IP</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>
              <DateTime iso={event.occurred_at} />
            </td>
            <td>{actionText(event)}</td>
            <td className="text-nowrap">
              <UserRef id={event.actor_id} />
            </td>
            <td className="text-nowrap">
              <UserRef id={event.target_id} />
            </td>
            <td className="text-break">
              <Lines texts={[...changeTexts(event), ...detailTexts(event)]} />
            </td>
            <td title={event.ip ?? undefined}>{placeText(event.ip)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

// Events outlive the users they name (deleted users keep their id here), so ids it is.
function UserRef({ id }: { id: number | null }) {
  if (id === null) return <span className="text-body-secondary">—</span>;
  return <>User {id}</>;
}

function Lines({ texts }: { texts: string[] }) {
  if (texts.length === 0) return <span className="text-body-secondary">—</span>;
  return (
    <ul className="list-unstyled mb-0">
      {texts.map((text) => <li key={text}>{text}</li>)}
    </ul>
  );
}
