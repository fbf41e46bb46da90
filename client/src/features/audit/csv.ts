import { actionText, type AuditEvent, changeTexts, detailTexts } from "../../lib/audit_events.ts";

const HEADER = ["Time (UTC)", "Action", "Actor", "Target", "Changes", "IP"];

/** The events as CSV (RFC 4180), one row each, in the columns the page shows. */
export function auditCsv(events: AuditEvent[]): string {
  const rows = events.map((event) => [
    event.occurred_at,
    actionText(event),
    userName(event.actor_id, event.actor_name),
    userName(event.target_id, event.target_name),
    [...changeTexts(event), ...detailTexts(event)].join("; "),
    event.ip ?? "",
  ]);
  return [HEADER, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A user as the page names them: the username, or the id of one since deleted. */
export function userName(id: number | null, name: string | null): string {
  if (id === null) return "";
  return name ?? `User ${id} (deleted)`;
}

function cell(value: string): string {
  // A spreadsheet runs a cell that starts with = + - @ as a formula; a leading ' keeps it text
  // (OWASP, CSV injection). The trail holds what people typed, such as a failed login's email.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
