import { PASSWORD_RULES, type Rule } from "../../../../api/users/schemas.ts";
import { meetsRules, RuledField } from "../ruled_field.tsx";
import type { FieldProps } from "./field_props.ts";
import { StrengthMeter } from "./strength_meter.tsx";

/** True when a password being chosen meets every rule the API checks. */
export function validNewPassword(value: string): boolean {
  return meetsRules(PASSWORD_RULES, value);
}

type Props = Omit<FieldProps, "autoComplete"> & {
  /** "new": one being chosen, with the API's rules listed; "current": one already had. */
  purpose: "new" | "current";
  label?: string;
  name?: string;
  /** What to list under a current password; the rules are for choosing one, so none by default. */
  rules?: Rule[];
  /** A new password's owner details (username, email): easy guesses, for the strength meter. */
  owner?: string[];
};

/** A password field with a Show button; a new one lists the rules and measures its strength. */
export function PasswordField(
  { purpose, label = "Password", name = "password", rules = [], owner = [], ...props }: Props,
) {
  return (
    <RuledField
      {...props}
      type="password"
      label={label}
      name={name}
      autoComplete={`${purpose}-password`}
      rules={purpose === "new" ? PASSWORD_RULES : rules}
    >
      {purpose === "new" && <StrengthMeter password={props.value} owner={owner} />}
    </RuledField>
  );
}

/**
 * The `current_password` that proves a sensitive change. A refusal ("incorrect") is dropped as
 * soon as the person types again: it no longer describes what is typed now.
 */
export function CurrentPasswordField(
  { label = "Current password", onChange, error, onRetype, ...props }:
    & Omit<FieldProps, "autoComplete">
    & { label?: string; onRetype?: () => void },
) {
  return (
    <PasswordField
      {...props}
      purpose="current"
      label={label}
      name="current_password"
      error={error}
      onChange={(value) => {
        onChange(value);
        if (error) onRetype?.();
      }}
    />
  );
}

/** True when the repetition of a new password matches it. */
export function samePassword(password: string, repeated: string): boolean {
  return repeated.length > 0 && repeated === password;
}

/** The new password typed a second time, with whether it matches listed under it. */
export function RepeatPasswordField(
  { password, label = "Repeat the new password", ...props }:
    & Omit<FieldProps, "autoComplete">
    & { password: string; label?: string },
) {
  const rules: Rule[] = [{
    label: "Same as the new password",
    message: "The passwords differ.",
    test: (value) => samePassword(password, value),
  }];
  return (
    <RuledField
      {...props}
      type="password"
      label={label}
      name="password_repeat"
      autoComplete="new-password"
      rules={rules}
    />
  );
}
