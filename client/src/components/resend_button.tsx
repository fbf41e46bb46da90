import { useState } from "react";
import { Button } from "./basic_ui.tsx";
import { ApiError, errorMessage } from "../lib/http.ts";
import { useCountdown } from "../lib/use_countdown.ts";

/** The API sends one such mail a minute per address (MAIL_RESEND_INTERVAL's default). */
export const RESEND_INTERVAL_SECONDS = 60;

type Props = {
  /** Asks the API for the mail; rejects with its ApiError. */
  send: () => Promise<void>;
  label?: string;
  /** Said once the API took the request. */
  sentText: string;
  className?: string;
};

/**
 * A button that has the API send a mail again, then holds itself back for the resend interval
 * (or the `Retry-After` of a 429), saying how long. It stays focusable while it waits (a disabled
 * button would throw keyboard focus out); presses then do nothing.
 */
export function ResendButton({ send, label = "Resend", sentText, className }: Props) {
  const [waitSeconds, waitFor] = useCountdown();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ sent: boolean; text: string } | null>(null);
  const held = busy || waitSeconds > 0;

  async function press() {
    if (held) return;
    setBusy(true);
    setNote(null);
    try {
      await send();
      setNote({ sent: true, text: sentText });
      waitFor(RESEND_INTERVAL_SECONDS);
    } catch (error) {
      setNote({ sent: false, text: errorMessage(error) });
      if (error instanceof ApiError && error.retryAfter !== undefined) waitFor(error.retryAfter);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className={className}>
      <Button
        size="sm"
        variant="in-alert"
        className={held ? "disabled" : undefined}
        aria-disabled={held || undefined}
        onClick={press}
      >
        {label}
      </Button>
      {waitSeconds > 0 && (
        // A timer region is not read out at every tick.
        <span className="ms-2" role="timer">You can resend in {waitSeconds} s.</span>
      )}
      <span className="ms-2" role="status">
        {note && <span className={note.sent ? undefined : "text-danger"}>{note.text}</span>}
      </span>
    </span>
  );
}
