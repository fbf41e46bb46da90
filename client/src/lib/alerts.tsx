/**
 * The page's one message. Errors and warnings stay until dismissed or replaced (by the user's
 * next attempt, say): a slow reader, a screen-reader user or someone who glanced away still finds
 * them. Only success notices fade, and not while the pointer or the keyboard focus is on them.
 * A message belongs to the page it was shown for and never follows the user to another one.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from "react";
import { Alert } from "../components/basic_ui.tsx";
import { useLocation } from "react-router-dom";

type Kind = "success" | "danger" | "warning";
type Shown = { id: number; kind: Kind; message: string; path: string };
type Show = (kind: Kind, message: string, options?: { path?: string }) => void;

/** How long a success notice stays once nothing holds it. */
export const SUCCESS_MS = 5000;

const ShowAlertContext = createContext<{ show: Show; dismiss: () => void } | null>(null);
const CurrentAlertContext = createContext<
  { alert: Shown | null; dismiss: (id?: number) => void } | null
>(null);

/** One alert at a time: a new one replaces the last. */
export function AlertsProvider({ children }: { children: ReactNode }) {
  const [alert, setAlert] = useState<Shown | null>(null);
  const lastId = useRef(0);
  // `path` is where the message is for: the page shown now, or the one a success leads to
  // ("Welcome!" on the page that logging in returns to).
  const show = useCallback<Show>((kind, message, options) => {
    lastId.current += 1;
    const path = options?.path ?? globalThis.location.pathname;
    setAlert({ id: lastId.current, kind, message, path });
  }, []);
  const dismiss = useCallback((id?: number) => {
    setAlert((shown) => (id === undefined || shown?.id === id ? null : shown));
  }, []);
  const dismissAny = useCallback(() => dismiss(), [dismiss]);

  return (
    <ShowAlertContext value={{ show, dismiss: dismissAny }}>
      <CurrentAlertContext value={{ alert, dismiss }}>{children}</CurrentAlertContext>
    </ShowAlertContext>
  );
}

export function useAlert(): Show {
  return useAlerts().show;
}

/** `show` a message, or `dismiss` the one shown (as a form does when it is submitted again). */
export function useAlerts(): { show: Show; dismiss: () => void } {
  const alerts = useContext(ShowAlertContext);
  if (alerts === null) throw new Error("useAlert needs an AlertsProvider");
  return alerts;
}

export function AlertOutlet() {
  const current = useContext(CurrentAlertContext);
  if (current === null) throw new Error("AlertOutlet needs an AlertsProvider");
  const { alert, dismiss } = current;
  const { pathname } = useLocation();
  const lastPath = useRef(pathname);

  // Leaving a page drops its message; one shown for the page arrived at stays.
  useEffect(() => {
    if (lastPath.current === pathname) return;
    lastPath.current = pathname;
    if (alert !== null && alert.path !== pathname) dismiss(alert.id);
  }, [pathname, alert, dismiss]);

  if (alert === null || alert.path !== pathname) return null;
  return <ShownAlert key={alert.id} alert={alert} dismiss={dismiss} />;
}

function ShownAlert({ alert, dismiss }: { alert: Shown; dismiss: (id: number) => void }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const fades = alert.kind === "success";
  const held = hovered || focused;
  const onClose = useCallback(() => dismiss(alert.id), [dismiss, alert.id]);

  useEffect(() => {
    if (!fades || held) return;
    const timer = setTimeout(onClose, SUCCESS_MS);
    return () => clearTimeout(timer);
  }, [fades, held, onClose]);

  return (
    <Alert
      variant={alert.kind}
      className="app-message"
      closeLabel="Close"
      onClose={onClose}
      // A success is news that can wait its turn; a problem interrupts.
      role={fades ? "status" : "alert"}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false);
      }}
    >
      {alert.message}
    </Alert>
  );
}
