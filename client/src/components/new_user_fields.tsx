import { FormCheck } from "react-bootstrap";
import { useId } from "react";
import { EMAIL_RULES, PASSWORD_RULES, USERNAME_RULES } from "../../../api/users/schemas.ts";
import type { Check } from "../lib/form_check.ts";
import { EmailField } from "./fields/email_field.tsx";
import { PasswordField } from "./fields/password_field.tsx";
import { UsernameField } from "./fields/username_field.tsx";

export type NewUserValues = { username: string; email: string; password: string; admin: boolean };

export const NO_NEW_USER: NewUserValues = { username: "", email: "", password: "", admin: false };

/** What a new user's fields must meet, in the order they appear (for `useFormCheck`). */
export function newUserChecks(values: NewUserValues): Check[] {
  return [
    {
      name: "username",
      value: values.username,
      required: "Enter a username.",
      rules: USERNAME_RULES,
    },
    {
      name: "email",
      value: values.email,
      required: "Enter an email address.",
      rules: EMAIL_RULES,
    },
    {
      name: "password",
      value: values.password,
      required: "Choose a password.",
      rules: PASSWORD_RULES,
    },
  ];
}

type Props = {
  values: NewUserValues;
  onChange: (values: NewUserValues) => void;
  /** Side by side on wide screens (a form on a page) or one under another (in a dialog). */
  layout: "row" | "stack";
  fieldErrors?: Partial<Record<keyof NewUserValues, string>>;
};

/** The fields of a user an admin adds, with the API's rules listed under each. */
export function NewUserFields({ values, onChange, layout, fieldErrors = {} }: Props) {
  const adminId = useId();
  const set = (field: keyof NewUserValues) => (value: string | boolean) =>
    onChange({ ...values, [field]: value });
  const fieldClass = layout === "row" ? "col-md-4" : "mb-3";
  return (
    <>
      <div className={layout === "row" ? "row g-3 mb-3" : undefined}>
        <UsernameField
          className={fieldClass}
          autoComplete="off"
          value={values.username}
          onChange={set("username")}
          error={fieldErrors.username}
        />
        <EmailField
          className={fieldClass}
          autoComplete="off"
          value={values.email}
          onChange={set("email")}
          error={fieldErrors.email}
        />
        <PasswordField
          purpose="new"
          className={fieldClass}
          value={values.password}
          onChange={set("password")}
          error={fieldErrors.password}
        />
      </div>
      <FormCheck
        className="mb-3"
        id={adminId}
        name="admin"
        label="Admin"
        checked={values.admin}
        onChange={(event) => set("admin")(event.target.checked)}
      />
    </>
  );
}
