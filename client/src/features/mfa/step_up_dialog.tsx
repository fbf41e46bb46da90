import { useEffect, useRef, useState } from "react";
import { Form } from "react-bootstrap";
import { CurrentPasswordField } from "../../components/fields/password_field.tsx";
import { FormModal } from "../../components/form_modal.tsx";
import { onStepUp } from "../../lib/step_up.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { listFactors, reauthenticate } from "./api.ts";

type Asking = { withCode: boolean; settle: (passed: boolean) => void };

/**
 * The re-check a sensitive action asks for (403 `step_up_required`): the code of the account's
 * authenticator app (or a recovery code), or the password when it has no second factor. Once
 * passed, the action is sent again by lib/api.ts.
 */
export function StepUpDialog() {
  const [asking, setAsking] = useState<Asking | null>(null);
  const pending = useRef<Promise<boolean> | null>(null);

  useEffect(() => {
    onStepUp(() => {
      // Two refused requests at once share one dialog.
      pending.current ??= (async () => {
        const withCode = (await listFactors()).methods.length > 0;
        return await new Promise<boolean>((settle) => setAsking({ withCode, settle }));
      })().finally(() => {
        pending.current = null;
      });
      return pending.current;
    });
    return () => onStepUp(null);
  }, []);

  if (asking === null) return null;
  const done = (passed: boolean) => {
    asking.settle(passed);
    setAsking(null);
  };
  return <StepUpForm withCode={asking.withCode} onDone={done} />;
}

function StepUpForm({ withCode, onDone }: { withCode: boolean; onDone: (ok: boolean) => void }) {
  const [value, setValue] = useState("");
  const field = withCode ? "code" : "current_password";
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    await reauthenticate(withCode ? { code: value } : { current_password: value });
    onDone(true);
  }, [field]);
  return (
    <FormModal
      title="Confirm it is you"
      submitLabel="Confirm"
      busy={busy}
      ready={value !== ""}
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
              isInvalid={!!fieldErrors.code}
              onChange={(event) => {
                setValue(event.target.value);
                clear();
              }}
            />
            <Form.Control.Feedback type="invalid">{fieldErrors.code}</Form.Control.Feedback>
          </Form.Group>
        )
        : (
          <CurrentPasswordField
            value={value}
            onChange={setValue}
            error={fieldErrors.current_password}
            onRetype={clear}
          />
        )}
    </FormModal>
  );
}
