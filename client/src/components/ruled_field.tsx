import { FormControl, FormGroup, FormLabel } from "react-bootstrap";
import { useId } from "react";
import type { Rule } from "../../../api/users/schemas.ts";

export function meetsRules(rules: Rule[], value: string): boolean {
  return rules.every((rule) => rule.test(value));
}

type Props = {
  label: string;
  name: string;
  type?: "text" | "email" | "password";
  autoComplete: string;
  rules: Rule[];
  value: string;
  onChange: (value: string) => void;
  className?: string;
  /** What the API said is wrong with the value, shown under the field. */
  error?: string;
};

/** A labelled input with its rules listed under it, each marked met or unmet as one types. */
export function RuledField(
  { label, name, type = "text", autoComplete, rules, value, onChange, className, error }: Props,
) {
  const id = useId();
  const rulesId = `${id}-rules`;
  const errorId = `${id}-error`;
  const describedBy = [rules.length > 0 && rulesId, error && errorId].filter(Boolean).join(" ");
  return (
    <FormGroup controlId={id} className={className}>
      <FormLabel>{label}</FormLabel>
      <FormControl
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        isInvalid={error !== undefined}
        aria-invalid={error !== undefined || undefined}
        aria-describedby={describedBy || undefined}
      />
      {error !== undefined && (
        <FormControl.Feedback type="invalid" id={errorId}>{error}</FormControl.Feedback>
      )}
      {rules.length > 0 && (
        <ul id={rulesId} className="list-unstyled small mt-1 mb-0">
          {rules.map((rule) => (
            <RuleItem
              key={rule.label}
              label={rule.label}
              met={rule.serverOnly ? undefined : rule.test(value)}
            />
          ))}
        </ul>
      )}
    </FormGroup>
  );
}

// The mark is for the eye; the hidden words give the same state to screen readers. `met` is
// undefined for a rule only the server can check: it is listed, and judged on submit.
function RuleItem({ label, met }: { label: string; met: boolean | undefined }) {
  const [mark, words] = met === undefined
    ? ["•", "Checked on submit:"]
    : met
    ? ["✓", "Met:"]
    : ["✗", "Not met:"];
  return (
    <li className={met ? "text-success" : "text-body-secondary"}>
      <span aria-hidden="true">{mark}</span> <span className="visually-hidden">{words}</span>{" "}
      {label}
    </li>
  );
}
