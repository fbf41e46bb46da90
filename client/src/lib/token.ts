/**
 * The one place that stores the access token. It lives in localStorage so a session survives a
 * reload; moving it to memory plus a refresh cookie later should only touch this module.
 */
const KEY = "auth_token";

export function readToken(): string | null {
  return localStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  localStorage.setItem(KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(KEY);
}
