/** The refresh token's cookie: readable by no script, sent only to /auth, never cross-site. */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const REFRESH_COOKIE = "refresh_token";
const PATH = "/auth";

export function readRefreshCookie(c: Context): string | undefined {
  const value = getCookie(c, REFRESH_COOKIE);
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

export function setRefreshCookie(c: Context, token: string, expiresAt: Date) {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    path: PATH,
    secure: cameOverHttps(c),
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
  });
}

export function clearRefreshCookie(c: Context) {
  deleteCookie(c, REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: "Strict",
    path: PATH,
    secure: cameOverHttps(c),
  });
}

/**
 * Behind Caddy the API speaks plain HTTP, so the proxy's X-Forwarded-Proto tells. Believing a
 * forged "https" can only add the Secure flag, which harms nobody but the forger. Read from the
 * URL's text, not `new URL()`: this runs after the session was committed, where nothing may throw.
 */
function cameOverHttps(c: Context): boolean {
  return c.req.url.startsWith("https:") ||
    c.req.header("X-Forwarded-Proto")?.split(",")[0].trim() === "https";
}
