import { EMAIL_RULES } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../ruled_field.tsx";
import type { FieldProps } from "./field_props.ts";

/** True when the email meets every rule the API checks. */
export function validEmail(value: string): boolean {
  return meetsRules(EMAIL_RULES, value);
}

/**
 * The email address, with the API's rule listed under it; `checklist` false where there is no
 * rule to teach (logging in with an address one already has).
 */
export function EmailField(
  { autoComplete = "email", checklist = true, ...props }: FieldProps & { checklist?: boolean },
) {
  return (
    <RuledField
      {...props}
      type="email"
      label="Email"
      name="email"
      autoComplete={autoComplete}
      rules={checklist ? EMAIL_RULES : []}
    />
  );
}
