import { type FormEvent, type ReactNode, useId } from "react";
import { Alert, Button, Form, Modal } from "react-bootstrap";
import type { FormCheck } from "../lib/use_form_check.ts";
import { ErrorSummary } from "./error_summary.tsx";

type Props = {
  title: string;
  submitLabel: string;
  variant?: "primary" | "danger";
  /**
   * The form's rules (`useFormCheck`): submitting it incomplete shows the error summary and moves
   * focus to the first field in question instead of sending it.
   */
  check?: FormCheck;
  busy: boolean;
  /** The API's refusal, shown inside the dialog so the person can correct and retry. */
  error: string | null;
  onSubmit: (event: FormEvent) => void;
  onHide: () => void;
  children: ReactNode;
};

/**
 * A dialog around one form. React Bootstrap's Modal traps focus inside, closes on Escape and
 * gives focus back to what opened it. Its submit button always works (a disabled one says
 * nothing and Tab skips it); a press while the request is under way is ignored by `useSubmit`.
 */
export function FormModal(
  { title, submitLabel, variant = "primary", check, busy, error, onSubmit, onHide, children }:
    Props,
) {
  const titleId = useId();
  return (
    <Modal show onHide={onHide} aria-labelledby={titleId} centered>
      <Form
        ref={check?.formRef}
        onSubmit={check ? check.guard(onSubmit) : onSubmit}
        noValidate
      >
        <Modal.Header closeButton closeLabel="Close">
          <Modal.Title as="h2" className="h5" id={titleId}>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {check && <ErrorSummary problems={check.problems} formRef={check.formRef} />}
          {error !== null && <Alert variant="danger">{error}</Alert>}
          {children}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={onHide}>Cancel</Button>
          <Button type="submit" variant={variant} aria-busy={busy || undefined}>
            {submitLabel}
          </Button>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
