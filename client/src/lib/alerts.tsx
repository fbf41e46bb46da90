import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from "react";
import { Alert } from "react-bootstrap";

type Kind = "success" | "danger";
type Shown = { id: number; kind: Kind; message: string };
type Show = (kind: Kind, message: string) => void;

const SHOWN_MS = 3000;

const ShowAlertContext = createContext<Show | null>(null);
const CurrentAlertContext = createContext<{ alert: Shown | null; dismiss: () => void } | null>(
  null,
);

/** One alert at a time: a new one replaces the last and restarts the timer. */
export function AlertsProvider({ children }: { children: ReactNode }) {
  const [alert, setAlert] = useState<Shown | null>(null);
  const lastId = useRef(0);
  const show = useCallback<Show>((kind, message) => {
    lastId.current += 1;
    setAlert({ id: lastId.current, kind, message });
  }, []);
  const dismiss = useCallback(() => setAlert(null), []);

  useEffect(() => {
    if (alert === null) return;
    const timer = setTimeout(() => setAlert(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [alert]);

  return (
    <ShowAlertContext value={show}>
      <CurrentAlertContext value={{ alert, dismiss }}>{children}</CurrentAlertContext>
    </ShowAlertContext>
  );
}

export function useAlert(): Show {
  const show = useContext(ShowAlertContext);
  if (show === null) throw new Error("useAlert needs an AlertsProvider");
  return show;
}

export function AlertOutlet() {
  const current = useContext(CurrentAlertContext);
  if (current?.alert == null) return null;
  const { alert, dismiss } = current;
  return (
    <Alert key={alert.id} variant={alert.kind} dismissible closeLabel="Close" onClose={dismiss}>
      {alert.message}
    </Alert>
  );
}
