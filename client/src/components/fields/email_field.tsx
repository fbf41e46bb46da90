import { EMAIL_RULES } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../ruled_field.tsx";
import type { FieldProps } from "./field_props.ts";

/** True when the email meets every rule the API checks. */
export function validEmail(value: string): boolean {
  return meetsRules(EMAIL_RULES, value);
}

/** The email address, with the API's rule listed under it. */
export function EmailField({ autoComplete = "email", ...props }: FieldProps) {
  return (
    <RuledField
      {...props}
      type="email"
      label="Email"
      name="email"
      autoComplete={autoComplete}
      rules={EMAIL_RULES}
    />
  );
}
