/**
 * The session behind the access token. The API keeps it in an HttpOnly refresh cookie (Path=/auth)
 * that this code never sees: POST /auth/refresh turns the cookie into a new access token and
 * rotates the cookie.
 *
 * A rotated refresh token presented again looks like theft to the API, which then revokes the
 * whole session. So refreshes never overlap: callers within a tab share one request, and the tabs
 * (which share the cookie) take turns through a Web Lock.
 */
import { parseResponse } from "hono/client";
import { ApiError, publicApi } from "./http.ts";
import {
  clearLogoutPending,
  logoutPending,
  markLogoutPending,
  onOtherTabs,
  tellOtherTabs,
} from "./session_sync.ts";
import { clearToken, readToken, saveToken } from "./token.ts";

/** What logging in, registering and refreshing answer with. */
export type Grant = { auth_token: string; expires_in: number };

const LOCK_NAME = "auth-refresh";
// Renew a minute before expiry, or at four fifths of a shorter lifetime.
const RENEW_AHEAD_MS = 60_000;
const LOGGED_OUT = "You are logged out.";
const LOGGED_OUT_ELSEWHERE = "You logged out in another tab.";

// Outlives the page: a logout still reaches the API when the tab closes right after it, and the
// cookie a refresh rotated is still stored when a reload cuts the refresh short (else the next
// page would present the old one, and the API would take it for a stolen copy).
const KEEP_ALIVE = { keepalive: true };

let renewal: Promise<string> | null = null;
let ending: Promise<void> = Promise.resolve();
let renewTimer: ReturnType<typeof setTimeout> | undefined;
// Moves on whenever the session ends, so that a refresh already under way cannot revive it.
let generation = 0;
// Without Web Locks (old browsers, plain-HTTP origins) the tabs cannot take turns; this tab still does.
let queue: Promise<unknown> = Promise.resolve();

type EndedListener = (message: string, why: "refused" | "other-tab") => void;
const endedListeners = new Set<EndedListener>();

/**
 * Called with the reason when the session in use ends other than by logging out here: the API
 * refused it, or another tab logged out.
 */
export function onSessionEnded(listener: EndedListener): () => void {
  endedListeners.add(listener);
  return () => {
    endedListeners.delete(listener);
  };
}

/** Keeps a new access token (from logging in, registering or refreshing) and plans its renewal. */
export function startSession(grant: Grant): void {
  saveToken(grant.auth_token);
  clearTimeout(renewTimer);
  const lifetime = grant.expires_in * 1000;
  // A failure that does not end the session (offline, 429) is left be: the next 401 tries again.
  renewTimer = setTimeout(
    () => renewSession().catch(() => undefined),
    lifetime - Math.min(RENEW_AHEAD_MS, lifetime / 5),
  );
}

/**
 * A new access token from the refresh cookie. Concurrent callers share one request. When the API
 * refuses, the session ends and the onSessionEnded listeners are told why.
 */
export function renewSession(): Promise<string> {
  renewal ??= exclusively(refresh).finally(() => {
    renewal = null;
  });
  return renewal;
}

/**
 * On page load: takes the session back from the refresh cookie; false when there is none. When a
 * logout of this browser may not have reached the API, it is finished instead (and rejects, to
 * be tried again, while the API cannot be reached).
 */
export async function restoreSession(): Promise<boolean> {
  if (logoutPending()) {
    await exclusively(revokeByCookie);
    clearLogoutPending();
    return false;
  }
  try {
    await renewSession();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return false;
    throw error;
  }
}

/** Ends the session because the API refused it, telling the onSessionEnded listeners why. */
export function expireSession(message: string): void {
  const hadSession = readToken() !== null;
  forget();
  if (!hadSession) return;
  for (const listener of endedListeners) listener(message, "refused");
}

/**
 * Forgets the token at once, tells the other tabs, then revokes the session on the API, which
 * also clears the cookie. The request is sent right away with `keepalive`, so it outlives a page
 * left at once; should it still not arrive, the next page finishes it (session_sync.ts).
 * Resolves when the API has answered (or when a logout already under way has); never rejects:
 * whatever the API did not hear about expires by itself.
 */
export function logOut(): Promise<void> {
  const token = readToken();
  if (token === null) return ending;
  forget();
  markLogoutPending();
  tellOtherTabs({ type: "logged-out" });
  const sent = publicApi.auth.logout.$post(undefined, { ...bearer(token), init: KEEP_ALIVE });
  ending = sent.then(() => undefined, async (error) => {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    // The access token had expired, but the cookie still names the session.
    await exclusively(revokeByCookie);
  }).then(clearLogoutPending).catch(() => undefined);
  return ending;
}

/** A login or registration in this tab: the other tabs may pick the session up. */
export function announceLogin(): void {
  clearLogoutPending();
  tellOtherTabs({ type: "logged-in" });
}

/** Another tab logged out (forget the session here too) or in (`onLogin` may restore it). */
export function followOtherTabs(handlers: { onLogin: () => void }): () => void {
  return onOtherTabs((message) => {
    if (message.type === "logged-in") {
      if (readToken() === null) handlers.onLogin();
      return;
    }
    const hadSession = readToken() !== null;
    forget();
    if (hadSession) {
      for (const listener of endedListeners) listener(LOGGED_OUT_ELSEWHERE, "other-tab");
    }
  });
}

/** Revokes the session the refresh cookie names, if it still has one: renew, then log out. */
async function revokeByCookie(): Promise<void> {
  let grant: Grant;
  try {
    grant = await requestRefresh();
  } catch (error) {
    // No session left to end (revoked, expired, no cookie): the logout is done.
    if (error instanceof ApiError && [401, 403].includes(error.status)) return;
    throw error;
  }
  await publicApi.auth.logout.$post(undefined, { ...bearer(grant.auth_token), init: KEEP_ALIVE });
}

async function refresh(): Promise<string> {
  const started = generation;
  let grant: Grant;
  try {
    grant = await requestRefresh();
  } catch (error) {
    // 401 (no cookie, expired, revoked) or 403 (account disabled): the API ended the session.
    if (generation === started && error instanceof ApiError && [401, 403].includes(error.status)) {
      expireSession(error.message);
    }
    throw error;
  }
  // Logged out meanwhile: the logout revokes the whole session, this renewal included.
  if (generation !== started) throw new ApiError(401, LOGGED_OUT);
  startSession(grant);
  return grant.auth_token;
}

async function requestRefresh(): Promise<Grant> {
  return await parseResponse(publicApi.auth.refresh.$post(undefined, { init: KEEP_ALIVE }));
}

function forget(): void {
  clearToken();
  clearTimeout(renewTimer);
  generation += 1;
}

function bearer(token: string) {
  return { headers: { Authorization: `Bearer ${token}` } };
}

/** Runs `task` when no other refresh or logout is under way, in this tab or another. */
function exclusively<T>(task: () => Promise<T>): Promise<T> {
  if ("locks" in navigator) return navigator.locks.request(LOCK_NAME, task);
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}
