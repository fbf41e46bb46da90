import { useEffect, useId, useState } from "react";
import { Alert, Button, Modal } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import { Loading } from "../../components/loading.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import { type ManagedUser, resetUserFactors, type UserFactors, userFactors } from "./api.ts";

/** Whether a user has two-step sign-in, and resetting it for one who lost their app. */
export function TwoStepModal({ user, onHide }: { user: ManagedUser; onHide: () => void }) {
  const showAlert = useAlert();
  const titleId = useId();
  const [factors, setFactors] = useState<UserFactors | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    userFactors(user.id).then((found) => current && setFactors(found), (failure) => {
      if (current) setError(errorMessage(failure));
    });
    return () => {
      current = false;
    };
  }, [user.id]);

  const hasFactor = !!factors && (factors.totp || factors.passkeys.length > 0);

  async function reset() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      showAlert("success", await resetUserFactors(user.id));
      onHide();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  }

  return (
    <Modal show onHide={onHide} aria-labelledby={titleId} centered>
      <Modal.Header closeButton closeLabel="Close">
        <Modal.Title as="h2" className="h5" id={titleId}>
          Two-step sign-in of {user.username}
        </Modal.Title>
      </Modal.Header>
      <Modal.Body>
        {error !== null && <Alert variant="danger">{error}</Alert>}
        {factors === null && error === null && <Loading />}
        {factors !== null && (
          <p>
            {factors.totp
              ? `On: an authenticator app, ${factors.recovery_codes_left} recovery codes left.`
              : factors.passkeys.length > 0
              ? `On: passkeys, ${factors.recovery_codes_left} recovery codes left.`
              : "Off: signing in needs only the password."}
          </p>
        )}
        {factors !== null && factors.passkeys.length > 0 && (
          <ul aria-label="Passkeys">
            {factors.passkeys.map((passkey, index) => (
              <li key={index}>
                {passkey.name}: added <DateTime iso={passkey.created_at} />, {passkey.last_used_at
                  ? (
                    <>
                      last used <DateTime iso={passkey.last_used_at} />
                    </>
                  )
                  : "never used"}
              </li>
            ))}
          </ul>
        )}
        {hasFactor && (
          <p className="small text-body-secondary">
            Resetting removes the app, the recovery codes and the passkeys, signs them out
            everywhere and mails them. Nobody, you neither, ever sees the factors.
          </p>
        )}
      </Modal.Body>
      <Modal.Footer>
        <Button variant="secondary" onClick={onHide}>Cancel</Button>
        {hasFactor && (
          <Button variant="danger" disabled={busy} onClick={reset}>
            Reset two-step sign-in
          </Button>
        )}
      </Modal.Footer>
    </Modal>
  );
}
