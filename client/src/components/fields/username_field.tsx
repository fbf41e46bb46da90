import { USERNAME_RULES } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../ruled_field.tsx";
import type { FieldProps } from "./field_props.ts";

/** True when the username meets every rule the API checks. */
export function validUsername(value: string): boolean {
  return meetsRules(USERNAME_RULES, value);
}

/** The username, with the API's rules listed under it. */
export function UsernameField({ autoComplete = "username", ...props }: FieldProps) {
  return (
    <RuledField
      {...props}
      label="Username"
      name="username"
      autoComplete={autoComplete}
      rules={USERNAME_RULES}
    />
  );
}
