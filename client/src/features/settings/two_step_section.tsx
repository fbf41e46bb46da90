import { lazy, Suspense, useEffect, useState } from "react";
import { Alert, Badge, Button, Form } from "react-bootstrap";
import { CurrentPasswordField } from "../../components/fields/password_field.tsx";
import { Loading } from "../../components/loading.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import { RecoveryCodes } from "./recovery_codes.tsx";
import {
  confirmTotp,
  disableTotp,
  type Factors,
  listFactors,
  regenerateRecoveryCodes,
  startTotp,
  type TotpEnrolment,
} from "./two_step_api.ts";

// Only this section draws QR codes: the library stays out of the first load.
const QrCode = lazy(() => import("../../components/qr_code.tsx"));

/**
 * "Two-step sign-in": set up an authenticator app (QR code and the secret as text, confirmed by a
 * code), see the recovery codes once, make new ones, turn it off. Changes end the other sessions.
 * The recovery codes stand in for passkeys too, so an account with only passkeys sees them here.
 */
export function TwoStepSection({ onChanged }: { onChanged: () => void }) {
  const [factors, setFactors] = useState<Factors | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => {
    setVersion((n) => n + 1);
    onChanged();
  };

  // Sent here to set it up (an admin under REQUIRE_ADMIN_MFA): the section comes into view.
  useEffect(() => {
    if (location.hash === "#two-step-sign-in") {
      document.getElementById("two-step-sign-in")?.scrollIntoView();
    }
  }, []);

  useEffect(() => {
    let current = true;
    listFactors().then((found) => current && setFactors(found), (failure) => {
      if (current) setError(errorMessage(failure));
    });
    return () => {
      current = false;
    };
  }, [version]);

  async function act(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  if (codes !== null) {
    return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  }
  if (enrolment !== null) {
    return (
      <Enrolment
        enrolment={enrolment}
        onConfirmed={(recovery) => {
          setEnrolment(null);
          setCodes(recovery);
          reload();
        }}
        onCancel={() => setEnrolment(null)}
      />
    );
  }
  if (factors === null) return error ? <Alert variant="danger">{error}</Alert> : <Loading />;
  const makeNewCodes = (
    <Button
      variant="outline-secondary"
      className="me-2 mb-3"
      onClick={() => act(async () => setCodes(await regenerateRecoveryCodes()))}
    >
      Make new recovery codes
    </Button>
  );
  return (
    <>
      {error !== null && <Alert variant="danger">{error}</Alert>}
      {factors.totp
        ? (
          <>
            <p>
              <Badge bg="success">On</Badge>{" "}
              Signing in asks for a code from your authenticator app. Recovery codes left:{" "}
              {factors.recovery_codes_left}.
            </p>
            {makeNewCodes}
            <TurnOff onDone={reload} />
          </>
        )
        : factors.passkeys.length > 0
        ? (
          <>
            <p>
              <Badge bg="success">On</Badge>{" "}
              Your passkeys serve as the second step. Recovery codes left:{" "}
              {factors.recovery_codes_left}. An authenticator app adds another way.
            </p>
            {makeNewCodes}
            <SetUp onStart={() => act(async () => setEnrolment(await startTotp()))} />
          </>
        )
        : (
          <>
            <p>
              <Badge bg="secondary">Off</Badge>{" "}
              Add a code from an authenticator app to your password when you sign in.
            </p>
            <SetUp onStart={() => act(async () => setEnrolment(await startTotp()))} />
          </>
        )}
    </>
  );
}

function SetUp({ onStart }: { onStart: () => void }) {
  return <Button className="mb-3" onClick={onStart}>Set up an authenticator app</Button>;
}

function Enrolment(
  { enrolment, onConfirmed, onCancel }: {
    enrolment: TotpEnrolment;
    onConfirmed: (codes: string[]) => void;
    onCancel: () => void;
  },
) {
  const [code, setCode] = useState("");
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    onConfirmed(await confirmTotp(code));
  }, ["code"]);
  return (
    <Form onSubmit={submit} className="col-md-8 col-lg-6" noValidate>
      <p>Scan this QR code with your authenticator app, or type the key below into it.</p>
      <Suspense fallback={<Loading />}>
        <QrCode text={enrolment.otpauth_url} label="QR code for your authenticator app" />
      </Suspense>
      <p className="mt-2">
        Key: <code data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <Form.Group className="mb-3" controlId="totp-code">
        <Form.Label>Code from the app</Form.Label>
        <Form.Control
          name="code"
          value={code}
          inputMode="numeric"
          autoComplete="one-time-code"
          isInvalid={!!fieldErrors.code}
          onChange={(event) => {
            setCode(event.target.value);
            clear();
          }}
        />
        <Form.Control.Feedback type="invalid">{fieldErrors.code}</Form.Control.Feedback>
      </Form.Group>
      <Button type="submit" disabled={busy || code === ""}>Turn on</Button>
      <Button variant="link" onClick={onCancel}>Cancel</Button>
    </Form>
  );
}

function TurnOff({ onDone }: { onDone: () => void }) {
  const showAlert = useAlert();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const { busy, message, fieldErrors, submit, clear } = useSubmit(async () => {
    showAlert("success", await disableTotp(password));
    setOpen(false);
    setPassword("");
    onDone();
  }, ["current_password"]);
  if (!open) {
    return (
      <Button variant="outline-danger" className="mb-3" onClick={() => setOpen(true)}>
        Turn off
      </Button>
    );
  }
  return (
    <Form onSubmit={submit} className="col-md-8 col-lg-6" noValidate>
      {message !== null && <Alert variant="danger">{message}</Alert>}
      <CurrentPasswordField
        className="mb-3"
        value={password}
        onChange={setPassword}
        error={fieldErrors.current_password}
        onRetype={clear}
      />
      <Button type="submit" variant="danger" disabled={busy || password === ""}>
        Turn off two-step sign-in
      </Button>
      <Button variant="link" onClick={() => setOpen(false)}>Cancel</Button>
    </Form>
  );
}
