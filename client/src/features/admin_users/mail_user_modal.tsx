import { useId, useState } from "react";
import { Alert, Button, Modal } from "react-bootstrap";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import { type ManagedUser, sendPasswordResetMail, sendVerificationMail } from "./api.ts";

type Mail = "verification" | "reset";

/** The mails an admin can have sent to a user: a new verification link, a password reset link. */
export function MailUserModal({ user, onHide }: { user: ManagedUser; onHide: () => void }) {
  const showAlert = useAlert();
  const titleId = useId();
  const [busy, setBusy] = useState<Mail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verified = user.email_verified_at;

  async function send(mail: Mail) {
    if (busy !== null) return;
    setBusy(mail);
    setError(null);
    try {
      const message = mail === "verification"
        ? await sendVerificationMail(user.id)
        : await sendPasswordResetMail(user.id);
      showAlert("success", message);
      onHide();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(null);
    }
  }

  return (
    <Modal show onHide={onHide} aria-labelledby={titleId} centered>
      <Modal.Header closeButton closeLabel="Close">
        <Modal.Title as="h2" className="h5" id={titleId}>Email {user.username}</Modal.Title>
      </Modal.Header>
      <Modal.Body>
        {error !== null && <Alert variant="danger">{error}</Alert>}
        <p>Links go to {user.email}; nobody else sees them, you neither.</p>
        <div className="d-flex flex-wrap gap-2">
          <Button
            variant="outline-primary"
            disabled={busy !== null || Boolean(verified)}
            onClick={() => send("verification")}
          >
            Resend verification email
          </Button>
          <Button
            variant="outline-primary"
            disabled={busy !== null}
            onClick={() => send("reset")}
          >
            Send password reset link
          </Button>
        </div>
        {verified && (
          <p className="small text-body-secondary mt-2 mb-0">Their address is verified.</p>
        )}
      </Modal.Body>
      <Modal.Footer>
        <Button variant="secondary" onClick={onHide}>Cancel</Button>
      </Modal.Footer>
    </Modal>
  );
}
