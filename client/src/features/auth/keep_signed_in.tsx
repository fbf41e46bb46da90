import { Form } from "react-bootstrap";

/** The login form's "Keep me signed in", with what each choice means. */
export function KeepSignedIn(
  { checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void },
) {
  return (
    <Form.Group className="mb-3" controlId="remember">
      <Form.Check
        type="checkbox"
        name="remember"
        label="Keep me signed in"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby="remember-help"
      />
      <Form.Text id="remember-help">
        For up to 30 days on this device. Unticked, you are signed out when you close the browser or
        after 30 minutes without use.
      </Form.Text>
    </Form.Group>
  );
}
