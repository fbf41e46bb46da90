/**
 * What the tabs of one browser tell each other about the session they share (through its
 * cookie): a logout in one ends the others at once, a login lets the others pick the session up.
 * And a logout that may not have reached the API is remembered in localStorage, so that the next
 * page finishes it instead of restoring the session (a click on Log out followed at once by
 * another address can cut the request short).
 */
export type TabMessage = { type: "logged-out" } | { type: "logged-in" };

const CHANNEL = "users-service-session";
const PENDING_LOGOUT = "users-service-logout-pending";

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;

/** Tells the other tabs of this browser (never this one). */
export function tellOtherTabs(message: TabMessage): void {
  channel?.postMessage(message);
}

/** Called with what another tab said; returns the unsubscribe. */
export function onOtherTabs(listener: (message: TabMessage) => void): () => void {
  const handle = (event: MessageEvent) => {
    const type = event.data?.type;
    if (type === "logged-out" || type === "logged-in") listener({ type });
  };
  channel?.addEventListener("message", handle);
  return () => channel?.removeEventListener("message", handle);
}

export function markLogoutPending(): void {
  withStorage((storage) => storage.setItem(PENDING_LOGOUT, String(Date.now())));
}

export function clearLogoutPending(): void {
  withStorage((storage) => storage.removeItem(PENDING_LOGOUT));
}

export function logoutPending(): boolean {
  return withStorage((storage) => storage.getItem(PENDING_LOGOUT) !== null) ?? false;
}

// Storage can be missing or refuse (private modes, a full quota): the logout is then only as
// sure as its request.
function withStorage<T>(use: (storage: Storage) => T): T | undefined {
  try {
    return use(globalThis.localStorage);
  } catch {
    return undefined;
  }
}
