/**
 * Who is logged in. The token itself is kept by token.ts; this module turns it into a user
 * (GET /auth/status) and ends the session when the API stops accepting it.
 */
import type { InferResponseType } from "hono/client";
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
import { api, errorMessage, onUnauthorized } from "./api.ts";
import { clearToken, readToken, saveToken } from "./token.ts";

export type CurrentUser = InferResponseType<typeof api.auth.status.$get, 200>["data"];

type Auth = {
  /** False until a stored token has been checked: nothing may assume "logged out" before. */
  ready: boolean;
  user: CurrentUser | null;
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
  refresh: () => Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

async function fetchCurrentUser(): Promise<CurrentUser> {
  const response = await api.auth.status.$get();
  return (await response.json()).data;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const showAlert = useAlert();
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [ready, setReady] = useState(() => readToken() === null);

  const endSession = useCallback((message: string) => {
    clearToken();
    setUser(null);
    setReady(true);
    showAlert("danger", message);
  }, [showAlert]);

  useEffect(() => onUnauthorized(endSession), [endSession]);

  useEffect(() => {
    if (readToken() === null) return;
    // Any failure ends the session: a token we cannot turn into a user is of no use.
    fetchCurrentUser().then((found) => {
      setUser(found);
      setReady(true);
    }, (error) => endSession(errorMessage(error)));
  }, [endSession]);

  const signIn = useCallback(async (token: string) => {
    saveToken(token);
    try {
      setUser(await fetchCurrentUser());
    } catch (error) {
      clearToken();
      throw error;
    }
  }, []);

  const signOut = useCallback(() => {
    const token = readToken();
    clearToken();
    setUser(null);
    if (token === null) return;
    // The token is forgotten either way, and it expires by itself: a failure changes nothing.
    api.auth.logout.$get(undefined, { headers: { Authorization: `Bearer ${token}` } })
      .catch(() => undefined);
  }, []);

  const refresh = useCallback(async () => {
    if (readToken() !== null) setUser(await fetchCurrentUser());
  }, []);

  const value = useMemo(
    () => ({ ready, user, signIn, signOut, refresh }),
    [ready, user, signIn, signOut, refresh],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth needs an AuthProvider");
  return auth;
}
