/**
 * Opaque keyset cursors for the user list. Versioned so the encoding can change without
 * breaking clients that still hold an old one (they get a clean 400, never a wrong page).
 */
import { invalidPayload } from "../http/errors.ts";

const PREFIX = "v1:";

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
export function cursorPosition(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const beforeId = decodeCursor(cursor);
  if (beforeId === undefined) {
    throw invalidPayload([{ field: "cursor", message: "Cursor is malformed or expired." }]);
  }
  return beforeId;
}

/**
 * Callers fetch `limit + 1` rows: the extra one tells whether another page exists without a
 * count query, and is not shown.
 */
export function pageOf<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1].id) : null;
  return { items, nextCursor };
}
