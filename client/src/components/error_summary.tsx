import { type RefObject, useId } from "react";
import type { Problem } from "../lib/form_check.ts";

/**
 * At the top of a form submitted with problems: each one, linking to its field (the GOV.UK
 * error summary). Announced when it appears; the form moves focus to the first field.
 */
export function ErrorSummary(
  { problems, formRef }: { problems: Problem[]; formRef: RefObject<HTMLFormElement | null> },
) {
  const headingId = useId();
  if (problems.length === 0) return null;
  const focus = (name: string) => {
    const field = formRef.current?.elements.namedItem(name);
    if (field instanceof HTMLElement) field.focus();
  };
  return (
    <div
      className="error-summary border border-2 border-danger rounded p-3 mb-3"
      role="alert"
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className="h6 mb-2">There is a problem</h2>
      <ul className="mb-0">
        {problems.map((problem) => (
          <li key={problem.name}>
            <a
              href={`#${problem.name}`}
              onClick={(event) => {
                event.preventDefault();
                focus(problem.name);
              }}
            >
              {problem.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
