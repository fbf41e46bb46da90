import { parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";
import type { AuditEvent } from "../../lib/audit_events.ts";
import type { Page } from "../../lib/use_pages.ts";

type Action = AuditEvent["action"];

/** What the page filters by: a username, an action, and days (YYYY-MM-DD, both included). */
export type AuditFilters = { user: string; action: Action | ""; from: string; to: string };

/** One page of the audit trail, newest first, filtered. */
export async function fetchAudit(
  filters: AuditFilters,
  cursor?: string,
  limit?: number,
): Promise<Page<AuditEvent>> {
  const { data } = await parseResponse(api.audit.$get({
    query: {
      user: filters.user.trim() || undefined,
      action: filters.action || undefined,
      // The days are the reader's own: from the start of `from` to the end of `to`, local time.
      from: filters.from ? startOfDay(filters.from).toISOString() : undefined,
      to: filters.to ? startOfDay(filters.to, 1).toISOString() : undefined,
      cursor,
      limit: limit === undefined ? undefined : String(limit),
    },
  }));
  return { items: data.events, nextCursor: data.next_cursor };
}

/** Every event the filters match, page after page. */
export async function fetchAllAudit(filters: AuditFilters): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchAudit(filters, cursor, 100);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

function startOfDay(day: string, plusDays = 0): Date {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year, month - 1, date + plusDays);
}
