import { useState } from "react";
import { Button } from "react-bootstrap";
import { useAlerts } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";

/**
 * A button that runs a passkey ceremony for a grant (signing in, the login's second step). A
 * cancelled ceremony or a browser without passkeys is a warning, not an error; `onError` may
 * take an API refusal first (an expired second step goes back to the password).
 */
export function PasskeyButton(
  { label, request, onGrant, onError, className }: {
    label: string;
    request: () => Promise<Grant>;
    onGrant: (grant: Grant) => Promise<void>;
    onError?: (error: unknown) => boolean;
    className?: string;
  },
) {
  const { show, dismiss } = useAlerts();
  const [busy, setBusy] = useState(false);
  async function run() {
    if (busy) return;
    setBusy(true);
    dismiss();
    try {
      await onGrant(await request());
    } catch (error) {
      if (onError?.(error)) return;
      const notice = await noticeOf(error);
      show(notice?.kind ?? "danger", notice?.message ?? errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button
      variant="outline-primary"
      className={className}
      aria-busy={busy || undefined}
      onClick={run}
    >
      {label}
    </Button>
  );
}

/** The ceremony's own refusals, as lib/passkey.ts words them (loaded by then: it threw them). */
async function noticeOf(error: unknown) {
  return (await import("../../lib/passkey.ts")).passkeyNotice(error);
}
