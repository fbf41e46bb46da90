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
  useState,
} from "react";
import { useAlert } from "./alerts.tsx";
import { api } from "./api.ts";
import { errorMessage } from "./http.ts";
import { type Grant, logOut, onSessionEnded, restoreSession, startSession } from "./session.ts";
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
    onSessionEnded((message) => {
      setUser(null);
      setReady(true);
      showAlert("danger", message);
    }), [showAlert]);

  useEffect(() => {
    let current = true;
    // No session (a 401) is a plain visit, not news; anything else is worth saying.
    restoreSession()
      .then((restored) => restored ? fetchCurrentUser() : null)
      .then((found) => {
        if (current) setUser(found);
      }, (error) => {
        // A session we cannot turn into a user is of no use.
        void logOut();
        if (current) showAlert("danger", errorMessage(error));
      })
      .finally(() => {
        if (current) setReady(true);
      });
    return () => {
      current = false;
    };
  }, [showAlert]);

  const signIn = useCallback(async (grant: Grant) => {
    startSession(grant);
    try {
      setUser(await fetchCurrentUser());
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

  const value = useMemo(
    () => ({ ready, user, signIn, signOut, reloadUser }),
    [ready, user, signIn, signOut, reloadUser],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth needs an AuthProvider");
  return auth;
}
