import type { FormEvent, ReactNode } from "react";
import { Form } from "react-bootstrap";
import type { FormCheck } from "../lib/use_form_check.ts";
import { ErrorSummary } from "./error_summary.tsx";

/**
 * A form checked when submitted (`useFormCheck`): `onSubmit` runs only when nothing is wrong;
 * otherwise the error summary at the top lists the problems and focus goes to the first field.
 */
export function CheckedForm(
  { check, onSubmit, className, children }: {
    check: FormCheck;
    onSubmit: (event: FormEvent) => void;
    className?: string;
    children: ReactNode;
  },
) {
  return (
    <Form ref={check.formRef} onSubmit={check.guard(onSubmit)} className={className} noValidate>
      <ErrorSummary problems={check.problems} formRef={check.formRef} />
      {children}
    </Form>
  );
}
