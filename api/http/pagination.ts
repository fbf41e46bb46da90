/**
 * Keyset pagination shared by every list: the `limit`/`cursor` query, and opaque cursors.
 * Cursors are versioned so the encoding can change without breaking clients that still hold an
 * old one (they get a clean 400, never a wrong page).
 */
import { z } from "zod";
import { invalidPayload } from "./errors.ts";
import { text } from "./text.ts";

const PREFIX = "v1:";

/** `limit` (1 to 100, 50 when omitted) and `cursor`, as every list endpoint takes them. */
export const pageQuery = z.strictObject({
  limit: text("Limit").regex(/^\d{1,3}$/, "Limit must be a whole number from 1 to 100.")
    .transform(Number)
    .pipe(z.number().min(1, "Limit must be at least 1.").max(100, "Limit must be at most 100."))
    .default(50)
    .describe("Page size, 1 to 100; 50 when omitted."),
  cursor: text("Cursor").max(200, "Cursor is malformed or expired.").optional()
    .describe("The `next_cursor` of the previous page."),
});

export function encodeCursor(lastId: number): string {
  return btoa(PREFIX + lastId).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** The id to continue below, or undefined for a malformed cursor. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return undefined;
  }
  const match = /^v1:([1-9]\d{0,15})$/.exec(text);
  if (!match) return undefined;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The keyset position a request's `cursor` asks for; a malformed one is the caller's error. */
function cursorPosition(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const beforeId = decodeCursor(cursor);
  if (beforeId === undefined) {
    throw invalidPayload([{ field: "cursor", message: "Cursor is malformed or expired." }]);
  }
  return beforeId;
}

/**
 * One page of a newest-first list: `fetch` gets `limit + 1` rows below the cursor's id; the extra
 * row tells whether another page exists without a count query, and is not shown.
 */
export async function page<T extends { id: number }>(
  query: { limit: number; cursor?: string },
  fetch: (window: { limit: number; beforeId?: number }) => Promise<T[]>,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const beforeId = cursorPosition(query.cursor);
  const rows = await fetch({ limit: query.limit + 1, beforeId });
  const items = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null;
  return { items, nextCursor };
}
