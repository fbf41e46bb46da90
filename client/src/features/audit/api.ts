import { parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";
import type { AuditEvent } from "../../lib/audit_events.ts";
import type { Page } from "../../lib/use_pages.ts";

/** One page of the audit trail, newest first, optionally only about one user. */
export async function fetchAudit(
  userId: number | null,
  cursor?: string,
): Promise<Page<AuditEvent>> {
  const { data } = await parseResponse(api.audit.$get({
    query: { user_id: userId === null ? undefined : String(userId), cursor },
  }));
  return { items: data.events, nextCursor: data.next_cursor };
}
