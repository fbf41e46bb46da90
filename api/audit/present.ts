import type { AuditEvent } from "./queries.ts";

/** Events as the API shows them; a user's own feed hides the IPs of other people's actions. */
export function presentEvent(event: AuditEvent, options: { viewerId?: number } = {}) {
  const foreign = options.viewerId !== undefined && event.actor_id !== options.viewerId;
  return {
    id: event.id,
    occurred_at: event.occurred_at,
    action: event.action,
    actor_id: event.actor_id,
    target_id: event.target_id,
    changes: event.changes,
    detail: event.detail,
    ip: foreign ? null : event.ip,
    actor_name: event.actor_name,
    target_name: event.target_name,
  };
}
