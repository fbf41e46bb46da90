/** The refresh token's cookie: readable by no script, sent only to /auth, never cross-site. */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { cameOverHttps } from "../http/request_shape.ts";

export const REFRESH_COOKIE = "refresh_token";
const PATH = "/auth";

export function readRefreshCookie(c: Context): string | undefined {
  const value = getCookie(c, REFRESH_COOKIE);
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

/**
 * A remembered session's cookie lasts until the session's idle expiry; any other session's is a
 * browser-session cookie (no Expires), gone when the browser closes.
 */
export function setRefreshCookie(
  c: Context,
  refresh: { token: string; expiresAt: Date; remember: boolean },
) {
  const { token, expiresAt, remember } = refresh;
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    path: PATH,
    secure: cameOverHttps(c),
    ...(remember && {
      expires: expiresAt,
      maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
    }),
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
