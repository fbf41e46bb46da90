import { useState } from "react";
import { Alert, Button, Form } from "react-bootstrap";
import { ErrorSummary } from "../../components/error_summary.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { ApiError } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { type SecondStep, verifySecondFactor } from "./api.ts";

/**
 * The login's second step: the code the authenticator app shows, or one of the recovery codes.
 * An expired step (5 minutes, or 5 wrong codes) goes back to the password.
 */
export function SecondStepForm(
  { step, onGrant, onRestart }: {
    step: SecondStep;
    onGrant: (grant: Grant) => Promise<void>;
    onRestart: () => void;
  },
) {
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const showAlert = useAlert();
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    try {
      await onGrant(await verifySecondFactor(step.mfaToken, code));
    } catch (error) {
      if (error instanceof ApiError && error.reason === "mfa_token_invalid") {
        // The form goes: the message goes with the password form it leads back to.
        showAlert("danger", error.message);
        onRestart();
        return;
      }
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
    <Form
      ref={form.formRef}
      onSubmit={form.guard(submit)}
      className="col-md-6 col-lg-5 mb-4"
      noValidate
    >
      <h2 className="h4">Two-step sign-in</h2>
      <ErrorSummary problems={form.problems} formRef={form.formRef} />
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
      <Button type="submit" disabled={busy}>Verify</Button>
      {step.methods.includes("recovery_code") && (
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
    </Form>
  );
}
