import { type FormEvent, type ReactNode, useId } from "react";
import { Alert, Button, Form, Modal } from "react-bootstrap";

type Props = {
  title: string;
  submitLabel: string;
  variant?: "primary" | "danger";
  /** False while the form's rules are unmet. */
  ready?: boolean;
  busy: boolean;
  /** The API's refusal, shown inside the dialog so the person can correct and retry. */
  error: string | null;
  onSubmit: (event: FormEvent) => void;
  onHide: () => void;
  children: ReactNode;
};

/**
 * A dialog around one form. React Bootstrap's Modal traps focus inside, closes on Escape and
 * gives focus back to what opened it.
 */
export function FormModal(
  {
    title,
    submitLabel,
    variant = "primary",
    ready = true,
    busy,
    error,
    onSubmit,
    onHide,
    children,
  }: Props,
) {
  const titleId = useId();
  return (
    <Modal show onHide={onHide} aria-labelledby={titleId} centered>
      <Form onSubmit={onSubmit} noValidate>
        <Modal.Header closeButton closeLabel="Close">
          <Modal.Title as="h2" className="h5" id={titleId}>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {error !== null && <Alert variant="danger">{error}</Alert>}
          {children}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={onHide}>Cancel</Button>
          <Button type="submit" variant={variant} disabled={!ready || busy}>{submitLabel}</Button>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
