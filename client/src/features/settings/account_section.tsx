import { useState } from "react";
import { Button } from "react-bootstrap";
import { useNavigate } from "react-router-dom";
import { CurrentPasswordField } from "../../components/fields/password_field.tsx";
import { FormModal } from "../../components/form_modal.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { errorMessage } from "../../lib/http.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { deleteOwnAccount, downloadOwnData } from "./api.ts";

/** "Download my data" and "Delete my account", each saying what it does before it is done. */
export function AccountSection() {
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <h3 className="h5">Download your data</h3>
      <p>
        A JSON file with your profile, your sessions (with their browsers and IP addresses) and your
        activity.
      </p>
      <DownloadButton />
      <h3 className="h5 mt-4">Delete your account</h3>
      <p>
        Your profile goes and every session you have ends, on every device. This cannot be undone.
        The audit trail keeps a record that your account existed and was deleted.
      </p>
      <Button variant="outline-danger" onClick={() => setDeleting(true)}>
        Delete my account
      </Button>
      {deleting && <DeleteAccountModal onHide={() => setDeleting(false)} />}
    </>
  );
}

function DownloadButton() {
  const showAlert = useAlert();
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const { file, name } = await downloadOwnData();
      const url = URL.createObjectURL(file);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.click();
      // The browser has taken the file once the click's task is over.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      showAlert("danger", errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button variant="outline-primary" onClick={download} disabled={busy}>
      Download my data
    </Button>
  );
}

function DeleteAccountModal({ onHide }: { onHide: () => void }) {
  const showAlert = useAlert();
  const navigate = useNavigate();
  const { signOut } = useAuth();
  const [password, setPassword] = useState("");
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    const deleted = await deleteOwnAccount(password);
    await signOut();
    showAlert("success", deleted, { path: "/" });
    navigate("/");
  }, ["current_password"]);
  const form = useFormCheck([
    { name: "current_password", value: password, required: "Enter your password." },
  ]);

  return (
    <FormModal
      title="Delete your account?"
      submitLabel="Delete my account"
      variant="danger"
      check={form}
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <p>
        Your profile goes and you are signed out everywhere. This cannot be undone. Type your
        password to confirm.
      </p>
      <CurrentPasswordField
        value={password}
        onChange={setPassword}
        error={form.errors.current_password ?? fieldErrors.current_password}
        onRetype={clear}
      />
    </FormModal>
  );
}
