/**
 * Opaque keyset cursors for the user list. Versioned so the encoding can change without
 * breaking clients that still hold an old one (they get a clean 400, never a wrong page).
 */
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
