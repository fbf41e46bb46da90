import { useEffect, useState } from "react";
import { Alert, Button, Form } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import { FormModal } from "../../components/form_modal.tsx";
import { Loading } from "../../components/loading.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import {
  addPasskey,
  deletePasskey,
  listPasskeys,
  type Passkey,
  renamePasskey,
} from "./passkeys_api.ts";
import { RecoveryCodes } from "./recovery_codes.tsx";

type Dialog = { kind: "add" } | { kind: "rename" | "delete"; passkey: Passkey };

/**
 * "Passkeys": sign in with the device's screen lock instead of a password (or after it, as the
 * second step). Adding or removing one ends the other sessions (`onChanged`). The first passkey
 * of an account with no other factor comes with recovery codes, shown here once.
 */
export function PasskeysSection({ onChanged }: { onChanged: () => void }) {
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    listPasskeys().then((found) => current && setPasskeys(found), (failure) => {
      if (current) setError(errorMessage(failure));
    });
    return () => {
      current = false;
    };
  }, [version]);

  const done = (changedFactors: boolean) => {
    setDialog(null);
    setVersion((n) => n + 1);
    if (changedFactors) onChanged();
  };

  if (codes !== null) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  if (passkeys === null) return error ? <Alert variant="danger">{error}</Alert> : <Loading />;
  return (
    <>
      <p>
        A passkey signs you in with your phone's or computer's screen lock (fingerprint, face or
        PIN), with no email or password to type. It also counts as the second step after your
        password.
      </p>
      {passkeys.length === 0
        ? <p>You have no passkeys yet.</p>
        : (
          <ul className="list-unstyled" aria-label="Your passkeys">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="mb-3 d-flex flex-wrap gap-2">
                <div className="me-auto">
                  <strong>{passkey.name}</strong>
                  <div className="small text-body-secondary">
                    Created <DateTime iso={passkey.created_at} />
                    {" · "}
                    {passkey.last_used_at
                      ? (
                        <>
                          Last used <DateTime iso={passkey.last_used_at} />
                        </>
                      )
                      : "Never used"}
                  </div>
                </div>
                <div>
                  <Button
                    size="sm"
                    variant="outline-secondary"
                    className="me-2"
                    aria-label={`Rename ${passkey.name}`}
                    onClick={() => setDialog({ kind: "rename", passkey })}
                  >
                    Rename
                  </Button>
                  <Button
                    size="sm"
                    variant="outline-danger"
                    aria-label={`Delete ${passkey.name}`}
                    onClick={() => setDialog({ kind: "delete", passkey })}
                  >
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      <Button onClick={() => setDialog({ kind: "add" })}>Add a passkey</Button>
      {dialog?.kind === "add" && (
        <NameModal
          title="Add a passkey"
          submitLabel="Add"
          initial=""
          save={async (name) => {
            const added = await addPasskey(name);
            if (added.recoveryCodes) setCodes(added.recoveryCodes);
            return added.message;
          }}
          onDone={() => done(true)}
          onHide={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "rename" && (
        <NameModal
          title="Rename the passkey"
          submitLabel="Rename"
          initial={dialog.passkey.name}
          save={(name) => renamePasskey(dialog.passkey.id, name)}
          onDone={() => done(false)}
          onHide={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteModal
          passkey={dialog.passkey}
          onDone={() => done(true)}
          onHide={() => setDialog(null)}
        />
      )}
    </>
  );
}

function NameModal(
  { title, submitLabel, initial, save, onDone, onHide }: {
    title: string;
    submitLabel: string;
    initial: string;
    save: (name: string) => Promise<string>;
    onDone: () => void;
    onHide: () => void;
  },
) {
  const showAlert = useAlert();
  const [name, setName] = useState(initial);
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    try {
      showAlert("success", await save(name));
      onDone();
    } catch (error) {
      const notice = await noticeOf(error);
      if (!notice) throw error;
      // The browser's dialog was closed or cannot open: said on the page, not as a failure here.
      showAlert(notice.kind, notice.message);
      onHide();
    }
  }, ["name"]);
  const form = useFormCheck([{ name: "name", value: name, required: "Give the passkey a name." }]);
  return (
    <FormModal
      title={title}
      submitLabel={submitLabel}
      busy={busy}
      check={form}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <Form.Group controlId="passkey-name">
        <Form.Label>Name</Form.Label>
        <Form.Control
          name="name"
          value={name}
          maxLength={64}
          autoFocus
          aria-describedby="passkey-name-help"
          isInvalid={!!(fieldErrors.name ?? form.errors.name)}
          onChange={(event) => {
            setName(event.target.value);
            clear();
          }}
        />
        <Form.Text id="passkey-name-help">
          Something to tell it apart by, such as the device: "Work laptop".
        </Form.Text>
        <Form.Control.Feedback type="invalid">
          {fieldErrors.name ?? form.errors.name}
        </Form.Control.Feedback>
      </Form.Group>
    </FormModal>
  );
}

function DeleteModal(
  { passkey, onDone, onHide }: { passkey: Passkey; onDone: () => void; onHide: () => void },
) {
  const showAlert = useAlert();
  const { busy, message, submit } = useSubmit(async () => {
    showAlert("success", await deletePasskey(passkey.id));
    onDone();
  });
  return (
    <FormModal
      title="Delete the passkey?"
      submitLabel="Delete"
      variant="danger"
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <p>
        “{passkey.name}” will no longer sign you in. Your other sessions will be signed out.
      </p>
    </FormModal>
  );
}

/** The ceremony's own refusals, as lib/passkey.ts words them (loaded by then: it threw them). */
async function noticeOf(error: unknown) {
  return (await import("../../lib/passkey.ts")).passkeyNotice(error);
}
