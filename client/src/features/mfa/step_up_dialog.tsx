import { useEffect, useState } from "react";
import { Alert, Button, Form } from "react-bootstrap";
import { CurrentPasswordField } from "../../components/fields/password_field.tsx";
import { FormModal } from "../../components/form_modal.tsx";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { listFactors, reauthenticate, reauthenticateWithPasskey } from "./api.ts";

type Way = "code" | "recovery" | "passkey" | "password";

/**
 * The re-check a sensitive action asks for (403 `step_up_required`): the code of the account's
 * authenticator app (or a recovery code), one of its passkeys (or, without an app, a recovery
 * code), or the password when it has no second factor. Once passed, the action is sent again by
 * lib/api.ts. Loaded lazily, when first asked for.
 */
export default function StepUpDialog({ onDone }: { onDone: (passed: boolean) => void }) {
  const [ways, setWays] = useState<Way[] | null>(null);
  useEffect(() => {
    let current = true;
    listFactors().then(
      ({ methods }) => {
        if (!current) return;
        const found: Way[] = [];
        if (methods.includes("totp")) found.push("code");
        if (methods.includes("webauthn")) found.push("passkey");
        if (!methods.includes("totp") && methods.includes("recovery_code")) found.push("recovery");
        setWays(found.length > 0 ? found : ["password"]);
      },
      () => current && onDone(false),
    );
    return () => {
      current = false;
    };
  }, [onDone]);
  if (ways === null) return null;
  return <StepUpForm ways={ways} onDone={onDone} />;
}

function StepUpForm({ ways, onDone }: { ways: Way[]; onDone: (ok: boolean) => void }) {
  const [way, setWay] = useState<Way>(ways[0]);
  const [value, setValue] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const byCode = way === "code" || way === "recovery";
  const field = byCode ? "code" : "current_password";
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    setNotice(null);
    if (way === "passkey") {
      try {
        await reauthenticateWithPasskey();
      } catch (error) {
        const problem = await noticeOf(error);
        if (!problem) throw error;
        // Cancelled, or a browser without passkeys: said calmly; the person may try again.
        setNotice(problem.message);
        return;
      }
    } else {
      await reauthenticate(byCode ? { code: value } : { current_password: value });
    }
    onDone(true);
  }, [field]);
  const form = useFormCheck(
    way === "passkey" ? [] : [{
      name: field,
      value,
      required: way === "code"
        ? "Enter the code from your authenticator app, or a recovery code."
        : way === "recovery"
        ? "Enter one of your recovery codes."
        : "Enter your current password.",
    }],
  );
  const other = ways.find((w) => w !== way);
  return (
    <FormModal
      title="Confirm it is you"
      submitLabel={way === "passkey" ? "Use a passkey" : "Confirm"}
      busy={busy}
      check={form}
      error={message}
      onSubmit={submit}
      onHide={() => onDone(false)}
    >
      <p>This change needs a fresh confirmation.</p>
      {notice !== null && <Alert variant="warning">{notice}</Alert>}
      {way === "passkey" && <p>Confirm with one of your passkeys.</p>}
      {byCode && (
        <Form.Group controlId="step-up-code">
          <Form.Label>
            {way === "code"
              ? "Code from your authenticator app (or a recovery code)"
              : "Recovery code"}
          </Form.Label>
          <Form.Control
            name="code"
            value={value}
            autoComplete="one-time-code"
            autoFocus
            isInvalid={!!(fieldErrors.code ?? form.errors.code)}
            onChange={(event) => {
              setValue(event.target.value);
              clear();
            }}
          />
          <Form.Control.Feedback type="invalid">
            {fieldErrors.code ?? form.errors.code}
          </Form.Control.Feedback>
        </Form.Group>
      )}
      {way === "password" && (
        <CurrentPasswordField
          value={value}
          onChange={setValue}
          error={fieldErrors.current_password ?? form.errors.current_password}
          onRetype={clear}
        />
      )}
      {other !== undefined && (
        <Button
          variant="link"
          className="mt-2"
          onClick={() => {
            setWay(other);
            setValue("");
            setNotice(null);
            clear();
          }}
        >
          {other === "passkey"
            ? "Use a passkey instead"
            : other === "recovery"
            ? "Use a recovery code instead"
            : "Use a code instead"}
        </Button>
      )}
    </FormModal>
  );
}

/** The ceremony's own refusals, as lib/passkey.ts words them (loaded by then: it threw them). */
async function noticeOf(error: unknown) {
  return (await import("../../lib/passkey.ts")).passkeyNotice(error);
}
