import { useEffect, useState } from "react";
import { Form } from "react-bootstrap";
import { CurrentPasswordField } from "../../components/fields/password_field.tsx";
import { FormModal } from "../../components/form_modal.tsx";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { listFactors, reauthenticate } from "./api.ts";

/**
 * The re-check a sensitive action asks for (403 `step_up_required`): the code of the account's
 * authenticator app (or a recovery code), or the password when it has no second factor. Once
 * passed, the action is sent again by lib/api.ts. Loaded lazily, when first asked for.
 */
export default function StepUpDialog({ onDone }: { onDone: (passed: boolean) => void }) {
  const [withCode, setWithCode] = useState<boolean | null>(null);
  useEffect(() => {
    let current = true;
    listFactors().then(
      (factors) => current && setWithCode(factors.methods.length > 0),
      () => current && onDone(false),
    );
    return () => {
      current = false;
    };
  }, [onDone]);
  if (withCode === null) return null;
  return <StepUpForm withCode={withCode} onDone={onDone} />;
}

function StepUpForm({ withCode, onDone }: { withCode: boolean; onDone: (ok: boolean) => void }) {
  const [value, setValue] = useState("");
  const field = withCode ? "code" : "current_password";
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    await reauthenticate(withCode ? { code: value } : { current_password: value });
    onDone(true);
  }, [field]);
  const form = useFormCheck([{
    name: field,
    value,
    required: withCode
      ? "Enter the code from your authenticator app, or a recovery code."
      : "Enter your current password.",
  }]);
  return (
    <FormModal
      title="Confirm it is you"
      submitLabel="Confirm"
      busy={busy}
      check={form}
      error={message}
      onSubmit={submit}
      onHide={() => onDone(false)}
    >
      <p>This change needs a fresh confirmation.</p>
      {withCode
        ? (
          <Form.Group controlId="step-up-code">
            <Form.Label>Code from your authenticator app (or a recovery code)</Form.Label>
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
        )
        : (
          <CurrentPasswordField
            value={value}
            onChange={setValue}
            error={fieldErrors.current_password ?? form.errors.current_password}
            onRetype={clear}
          />
        )}
    </FormModal>
  );
}
