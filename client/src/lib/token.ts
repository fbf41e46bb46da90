/**
 * The one place that holds the access token: in memory only. Storage would keep it past the tab
 * and hand it to any script running on the origin; what survives a reload is the HttpOnly refresh
 * cookie, which session.ts turns back into an access token.
 */
let current: string | null = null;

export function readToken(): string | null {
  return current;
}

export function saveToken(token: string): void {
  current = token;
}

export function clearToken(): void {
  current = null;
}
