import { Button, FormControl, FormGroup, FormLabel, InputGroup } from "react-bootstrap";
import { type ReactNode, useId, useState } from "react";
import type { Rule } from "../../../api/users/schemas.ts";

export function meetsRules(rules: Rule[], value: string): boolean {
  return rules.every((rule) => rule.test(value));
}

type Props = {
  label: string;
  name: string;
  type?: "text" | "email" | "password";
  autoComplete: string;
  /** Listed under the field, each marked met or unmet as one types; none for no list. */
  rules: Rule[];
  value: string;
  onChange: (value: string) => void;
  className?: string;
  /** What is wrong with the value (the form's check, or the API's answer), shown under it. */
  error?: string;
  /** Shown under the field, after the rules (a strength meter). */
  children?: ReactNode;
};

/**
 * A labelled input with its rules listed under it. A password can be shown as typed: on a
 * phone, or for a long passphrase, seeing it beats typing it twice.
 */
export function RuledField(
  { label, name, type = "text", autoComplete, rules, value, onChange, className, error, children }:
    Props,
) {
  const id = useId();
  const rulesId = `${id}-rules`;
  const errorId = `${id}-error`;
  const [revealed, setRevealed] = useState(false);
  const describedBy = [error && errorId, rules.length > 0 && rulesId].filter(Boolean).join(" ");
  const input = (
    <FormControl
      name={name}
      type={type === "password" && revealed ? "text" : type}
      autoComplete={autoComplete}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      isInvalid={error !== undefined}
      aria-invalid={error !== undefined || undefined}
      aria-describedby={describedBy || undefined}
      {...(type === "password" ? { spellCheck: false, autoCapitalize: "off" } : {})}
    />
  );
  const feedback = error !== undefined && (
    <FormControl.Feedback type="invalid" id={errorId}>{error}</FormControl.Feedback>
  );
  return (
    <FormGroup controlId={id} className={className}>
      <FormLabel>{label}</FormLabel>
      {type === "password"
        ? (
          <InputGroup hasValidation>
            {input}
            <Button
              variant="outline-secondary"
              aria-controls={id}
              onClick={() => setRevealed(!revealed)}
            >
              {revealed ? "Hide" : "Show"}
              <span className="visually-hidden">{` ${label.toLowerCase()}`}</span>
            </Button>
            {feedback}
          </InputGroup>
        )
        : (
          <>
            {input}
            {feedback}
          </>
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
      {children}
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
    <li className={met ? "text-success-emphasis" : "text-body-secondary"}>
      <span aria-hidden="true">{mark}</span> <span className="visually-hidden">{words}</span>{" "}
      {label}
    </li>
  );
}
