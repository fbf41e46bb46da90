import { Alert, Button } from "react-bootstrap";

/**
 * The recovery codes, shown the one time the API hands them out: with the account's first
 * factor, with the authenticator app, or made anew.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <Alert variant="warning">
      <h3 className="h5">Your recovery codes</h3>
      <p>
        Keep them somewhere safe: each one signs you in once if you lose your authenticator app or
        your passkeys. They are not shown again.
      </p>
      <ul className="list-unstyled font-monospace" aria-label="Recovery codes">
        {codes.map((code) => <li key={code}>{code}</li>)}
      </ul>
      <Button onClick={onDone}>I have saved them</Button>
    </Alert>
  );
}
