import { Card, Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import {
  actionText,
  type AuditEvent,
  changeTexts,
  detailTexts,
  placeText,
} from "../../lib/audit_events.ts";
import { useMediaQuery, WIDE } from "../../lib/use_media_query.ts";
import { userName } from "./csv.ts";

type Props = { events: AuditEvent[]; busy: boolean };

/** A table on wide screens; below Bootstrap's `md`, one card per event. */
export function AuditTable(props: Props) {
  return useMediaQuery(WIDE) ? <EventsTable {...props} /> : <EventCards {...props} />;
}

function EventsTable({ events, busy }: Props) {
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
            <td className="text-break">
              <UserRef id={event.actor_id} name={event.actor_name} />
            </td>
            <td className="text-break">
              <UserRef id={event.target_id} name={event.target_name} />
            </td>
            <td className="text-break">
              <Lines texts={[...changeTexts(event), ...detailTexts(event)]} />
            </td>
            <td className="text-break" title={event.ip ?? undefined}>{placeText(event.ip)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function EventCards({ events, busy }: Props) {
  return (
    <ul className="list-unstyled" aria-label="Audit events, newest first" aria-busy={busy}>
      {events.map((event) => (
        <li key={event.id} className="mb-3">
          <Card>
            <Card.Body>
              <Card.Title as="h2" className="h6 mb-1">{actionText(event)}</Card.Title>
              <Card.Subtitle className="small text-body-secondary mb-2">
                <DateTime iso={event.occurred_at} />
              </Card.Subtitle>
              <dl className="row mb-0 small">
                <dt className="col-4">Actor</dt>
                <dd className="col-8 text-break">
                  <UserRef id={event.actor_id} name={event.actor_name} />
                </dd>
                <dt className="col-4">Target</dt>
                <dd className="col-8 text-break">
                  <UserRef id={event.target_id} name={event.target_name} />
                </dd>
                <dt className="col-4">Changes</dt>
                <dd className="col-8 text-break">
                  <Lines texts={[...changeTexts(event), ...detailTexts(event)]} />
                </dd>
                <dt className="col-4">IP</dt>
                <dd className="col-8 text-break mb-0">{event.ip ?? "—"}</dd>
              </dl>
            </Card.Body>
          </Card>
        </li>
      ))}
    </ul>
  );
}

// Events outlive the users they name: a deleted user is named by the id the trail kept.
function UserRef({ id, name }: { id: number | null; name: string | null }) {
  if (id === null) return <span className="text-body-secondary">—</span>;
  return <>{userName(id, name)}</>;
}

function Lines({ texts }: { texts: string[] }) {
  if (texts.length === 0) return <span className="text-body-secondary">—</span>;
  return (
    <ul className="list-unstyled mb-0">
      {texts.map((text) => <li key={text}>{text}</li>)}
    </ul>
  );
}
