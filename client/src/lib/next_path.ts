/**
 * Where logging in returns to: the page that asked for it, carried as `/login?next=/settings`.
 * Only a path of this app is followed: anything that could leave the origin ("//evil.example",
 * "https://…", "/\evil.example", a control character a URL parser drops) falls back to the home
 * page, so the parameter can never be an open redirect.
 */
const HOME = "/";
// Pages that would loop or make no sense to return to.
const NOT_RETURNED_TO = new Set(["/login", "/logout", "/register"]);
const BASE = "http://app.invalid";

/** The same-origin path in `raw`, or "/" for anything else. */
export function safeNextPath(raw: string | null | undefined): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return HOME;
  // Browsers read "\" as "/" and drop tabs and newlines: refuse rather than guess.
  // deno-lint-ignore no-control-regex
  if (!raw.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(raw)) return HOME;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return HOME;
  }
  if (url.origin !== BASE) return HOME;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path starting "//" is another host to a router or a browser.
  if (path.startsWith("//") || NOT_RETURNED_TO.has(url.pathname)) return HOME;
  return path;
}

/** The login page's address that returns to `location` afterwards. */
export function loginPath(location: { pathname: string; search?: string; hash?: string }): string {
  const next = safeNextPath(`${location.pathname}${location.search ?? ""}${location.hash ?? ""}`);
  return next === HOME ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
