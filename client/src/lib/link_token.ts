/**
 * The token a mailed link carries (`/verify-email#token=…`, `/reset-password#token=…`). It rides
 * in the fragment, which browsers never send to a server, so it reaches neither an access log nor
 * a `Referer`; and it is taken out of the address bar before anything renders, so it is not left
 * in the history, a bookmark or a screenshot of the page either.
 */

type Address = { pathname: string; search: string; hash: string };
type History = { state: unknown; replaceState(state: unknown, unused: string, url: string): void };

let taken: { path: string; token: string } | null = null;

/**
 * Removes a `token` from the address's fragment (once, at start-up) and keeps it for the page at
 * that path. Leaves every other address as it is.
 */
export function takeLinkToken(
  address: Address = globalThis.location,
  history: History = globalThis.history,
): void {
  const fragment = new URLSearchParams(address.hash.replace(/^#/, ""));
  const token = fragment.get("token");
  if (token === null) return;
  history.replaceState(history.state, "", address.pathname + address.search);
  taken = token === "" ? null : { path: address.pathname, token };
}

/** The token the link to `path` came with, or null when the page was opened without one. */
export function linkToken(path: string): string | null {
  return taken?.path === path ? taken.token : null;
}
