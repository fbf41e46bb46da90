import { type FormEvent, type RefObject, useEffect, useRef, useState } from "react";
import { type Check, formProblems, type Problem } from "./form_check.ts";

export type FormCheck = {
  formRef: RefObject<HTMLFormElement | null>;
  /** What is wrong, once the form has been submitted (before, nobody is told off). */
  problems: Problem[];
  /** Each field's problem by name, for the field to show under it. */
  errors: Partial<Record<string, string>>;
  /** Wraps a submit handler: it runs only when nothing is wrong; else focus goes to the problem. */
  guard: (send: (event: FormEvent) => void) => (event: FormEvent) => void;
};

/**
 * A form whose submit button always works: submitting an incomplete form shows what is wrong
 * (in the summary and under each field) and moves focus to the first field in question.
 */
export function useFormCheck(checks: Check[]): FormCheck {
  const formRef = useRef<HTMLFormElement | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const problems = attempted ? formProblems(checks) : [];

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const guard = (send: (event: FormEvent) => void) => (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (formProblems(checks).length > 0) {
      setFocusRequest((n) => n + 1);
      return;
    }
    send(event);
  };

  const errors = Object.fromEntries(problems.map((problem) => [problem.name, problem.message]));
  return { formRef, problems, errors, guard };
}
