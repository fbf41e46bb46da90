import { useState } from "react";
import { Alert, Button, Form } from "react-bootstrap";
import { CheckedForm } from "../../components/checked_form.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { ApiError } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { type SecondStep, verifySecondFactor, verifyWithPasskey } from "./api.ts";
import { PasskeyButton } from "./passkey_button.tsx";

/**
 * The login's second step: the code the authenticator app shows, one of the recovery codes, or a
 * passkey of the account. An expired step (5 minutes, or 5 wrong answers) goes back to the
 * password.
 */
export function SecondStepForm(
  { step, onGrant, onRestart }: {
    step: SecondStep;
    onGrant: (grant: Grant) => Promise<void>;
    onRestart: () => void;
  },
) {
  const showAlert = useAlert();
  const expired = (error: unknown) => {
    if (!(error instanceof ApiError && error.reason === "mfa_token_invalid")) return false;
    // The form goes: the message goes with the password form it leads back to.
    showAlert("danger", error.message);
    onRestart();
    return true;
  };
  const withApp = step.methods.includes("totp");
  const withPasskey = step.methods.includes("webauthn");
  // With passkeys only, a recovery code is the way in when none is at hand: offered, not shown.
  const [recoveryOpen, setRecoveryOpen] = useState(false);
  const withCode = withApp || recoveryOpen;
  return (
    <div className="col-md-6 col-lg-5 mb-4">
      <h2 className="h4">Two-step sign-in</h2>
      {withCode && <CodeForm step={step} onGrant={onGrant} expired={expired} />}
      {withPasskey && (
        <>
          {!withCode && <p>Confirm it is you with one of your passkeys.</p>}
          <PasskeyButton
            label="Use a passkey"
            className={withCode ? "mt-3" : undefined}
            request={() => verifyWithPasskey(step.mfaToken)}
            onGrant={onGrant}
            onError={expired}
          />
        </>
      )}
      {!withCode && step.methods.includes("recovery_code") && (
        <Button
          variant="link"
          className="mt-3 d-block px-0"
          onClick={() => setRecoveryOpen(true)}
        >
          Use a recovery code
        </Button>
      )}
    </div>
  );
}

function CodeForm(
  { step, onGrant, expired }: {
    step: SecondStep;
    onGrant: (grant: Grant) => Promise<void>;
    expired: (error: unknown) => boolean;
  },
) {
  const withApp = step.methods.includes("totp");
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(!withApp);
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    try {
      await onGrant(await verifySecondFactor(step.mfaToken, code));
    } catch (error) {
      if (expired(error)) return;
      throw error;
    }
  }, ["code"]);
  const form = useFormCheck([
    {
      name: "code",
      value: code,
      required: recovery ? "Enter a recovery code." : "Enter the code from your app.",
    },
  ]);
  const label = recovery ? "Recovery code" : "Code from your authenticator app";

  return (
    <CheckedForm check={form} onSubmit={submit}>
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <Form.Group className="mb-3" controlId="code">
        <Form.Label>{label}</Form.Label>
        <Form.Control
          name="code"
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
            clear();
          }}
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          autoFocus
          isInvalid={!!(form.errors.code ?? fieldErrors.code)}
          aria-describedby="code-error"
        />
        <Form.Control.Feedback type="invalid" id="code-error">
          {form.errors.code ?? fieldErrors.code}
        </Form.Control.Feedback>
      </Form.Group>
      {/* Never disabled (see FormModal): a press while one is under way is ignored by useSubmit. */}
      <Button type="submit" aria-busy={busy || undefined}>Verify</Button>
      {withApp && step.methods.includes("recovery_code") && (
        <Button
          variant="link"
          onClick={() => {
            setRecovery(!recovery);
            setCode("");
            clear();
          }}
        >
          {recovery ? "Use the authenticator app" : "Use a recovery code"}
        </Button>
      )}
    </CheckedForm>
  );
}
