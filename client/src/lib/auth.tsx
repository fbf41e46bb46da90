/**
 * Who is logged in. The session itself is kept by session.ts; this module turns it into a user
 * (GET /auth/status) and returns to the logged-out state when the session ends.
 */
import { type InferResponseType, parseResponse } from "hono/client";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useAlert } from "./alerts.tsx";
import { api } from "./api.ts";
import { retryDelay } from "./backoff.ts";
import { errorMessage, isTemporary } from "./http.ts";
import {
  announceLogin,
  followOtherTabs,
  type Grant,
  logOut,
  onSessionEnded,
  restoreSession,
  startSession,
} from "./session.ts";
import { readToken } from "./token.ts";

export type CurrentUser = InferResponseType<typeof api.auth.status.$get, 200>["data"];

type Auth = {
  /** False until the session was restored or found absent: nothing may assume "logged out" before. */
  ready: boolean;
  user: CurrentUser | null;
  signIn: (grant: Grant) => Promise<void>;
  /** Resolves once the API has revoked the session (or could not be reached). */
  signOut: () => Promise<void>;
  reloadUser: () => Promise<void>;
  /**
   * Set while the session cannot be restored because the API cannot be reached: the page waits
   * (it is not "logged out"), tries again with growing pauses, and `retryNow` tries at once.
   */
  outage: { failures: number; retryNow: () => void } | null;
};

const AuthContext = createContext<Auth | null>(null);

async function fetchCurrentUser(): Promise<CurrentUser> {
  return (await parseResponse(api.auth.status.$get())).data;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const showAlert = useAlert();
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() =>
    onSessionEnded((message, why) => {
      setUser(null);
      setReady(true);
      showAlert(why === "other-tab" ? "warning" : "danger", message);
    }), [showAlert]);

  // Failed tries to restore the session while the API was away; each new value tries again.
  const [failures, setFailures] = useState(0);
  const failuresSoFar = useRef(0);
  const [attempt, setAttempt] = useState(0);
  const retryNow = useCallback(() => setAttempt((n) => n + 1), []);
  // A login in another tab: take the session up here too.
  useEffect(() => followOtherTabs({ onLogin: retryNow }), [retryNow]);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A token kept from an earlier try (the refresh worked, the user did not load) is used as is:
    // refreshing again would only rotate the cookie once more.
    const restore = async () => readToken() !== null || await restoreSession();
    // No session (a 401) is a plain visit, not news; anything else is worth saying.
    restore()
      .then((restored) => restored ? fetchCurrentUser() : null)
      .then((found) => {
        if (!current) return;
        setUser(found);
        failuresSoFar.current = 0;
        setFailures(0);
        setReady(true);
      }, (error) => {
        if (!current) return;
        if (isTemporary(error)) {
          // Not a verdict on the session: keep the page, and try again later.
          const failed = ++failuresSoFar.current;
          setFailures(failed);
          timer = setTimeout(() => setAttempt((a) => a + 1), retryDelay(failed));
          return;
        }
        // A session we cannot turn into a user is of no use.
        void logOut();
        showAlert("danger", errorMessage(error));
        setReady(true);
      });
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [showAlert, attempt]);

  const signIn = useCallback(async (grant: Grant) => {
    startSession(grant);
    try {
      setUser(await fetchCurrentUser());
      announceLogin();
    } catch (error) {
      void logOut();
      throw error;
    }
  }, []);

  const signOut = useCallback(async () => {
    setUser(null);
    await logOut();
  }, []);

  const reloadUser = useCallback(async () => {
    if (readToken() !== null) setUser(await fetchCurrentUser());
  }, []);

  const outage = useMemo(
    () => (!ready && failures > 0 ? { failures, retryNow } : null),
    [ready, failures, retryNow],
  );
  const value = useMemo(
    () => ({ ready, user, signIn, signOut, reloadUser, outage }),
    [ready, user, signIn, signOut, reloadUser, outage],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth needs an AuthProvider");
  return auth;
}
