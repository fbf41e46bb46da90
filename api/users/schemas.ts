/**
 * Request rules, shared by the API's validators and the web app's forms, so both sides agree.
 * Keep this module free of server-only imports: the client bundles it. The OpenAPI document reads
 * the names and descriptions given here with zod's own `meta()` and `describe()`.
 */
import { z } from "zod";
import { pageQuery } from "../http/pagination.ts";
import { text } from "../http/text.ts";

export { text };

/** One rule: a short label for the form's checklist and the message when it is broken. */
export type Rule = { label: string; message: string; test: (value: string) => boolean };

const utf8 = new TextEncoder();

export const USERNAME_RULES: Rule[] = [
  {
    label: "3 to 32 characters",
    message: "Username must be 3 to 32 characters long.",
    test: (v) => v.trim().length >= 3 && v.trim().length <= 32,
  },
  {
    label: "Only letters, digits, and _ . -",
    message: "Username may only contain letters, digits, and _ . -",
    test: (v) => /^[A-Za-z0-9_.-]*$/.test(v.trim()),
  },
];

/** RFC 5321's limit on a path, so on any address that can receive mail. */
export const EMAIL_MAX_LENGTH = 254;

export const EMAIL_RULES: Rule[] = [
  {
    label: "A valid email address",
    message: `Email must be a valid address of at most ${EMAIL_MAX_LENGTH} characters.`,
    test: (v) => z.email().max(EMAIL_MAX_LENGTH).safeParse(normalizeEmail(v)).success,
  },
];

export const PASSWORD_RULES: Rule[] = [
  {
    label: "At least 8 characters",
    message: "Password must be at least 8 characters long.",
    test: (v) => [...v].length >= 8,
  },
  // bcrypt ignores everything past 72 bytes: refuse rather than truncate silently.
  {
    label: "At most 72 bytes",
    message: "Password must be at most 72 bytes (UTF-8).",
    test: (v) => utf8.encode(v).length <= 72,
  },
];

/** What the server stores for a typed email: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What the server stores for a typed username: trimmed. */
export function normalizeUsername(username: string): string {
  return username.trim();
}

/**
 * A password typed to prove who one is (log in, confirm a change): only the new-password limits
 * that keep it bounded apply, so nothing longer than a new password may be ever reaches the hasher.
 */
export function existingPassword(field: string) {
  return text(field).min(1, `${field} is required.`).refine(
    PASSWORD_RULES[1].test,
    PASSWORD_RULES[1].message,
  );
}

function ruled(field: string, rules: Rule[]) {
  return text(field).superRefine((value, ctx) => {
    for (const rule of rules) {
      if (!rule.test(value)) ctx.addIssue({ code: "custom", message: rule.message });
    }
  });
}

// The rules are refinements JSON Schema cannot express: the document states them in words.
export const username = ruled("Username", USERNAME_RULES).transform(normalizeUsername)
  .describe(`Trimmed of surrounding spaces. ${sentences(USERNAME_RULES)}`);
export const email = ruled("Email", EMAIL_RULES).transform(normalizeEmail)
  .describe(`Stored trimmed and lower-cased. ${sentences(EMAIL_RULES)}`);
export const password = ruled("Password", PASSWORD_RULES).describe(sentences(PASSWORD_RULES));

function sentences(rules: Rule[]): string {
  return rules.map((rule) => rule.message).join(" ");
}

const flag = (field: string) => z.boolean({ error: `${field} must be true or false.` });

export const createUserBody = z.strictObject({
  username,
  email,
  password,
  admin: flag("Admin").optional(),
  active: flag("Active").optional(),
}).meta({ id: "CreateUserBody" });

export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  username: username.optional(),
  email: email.optional(),
  password: password.optional(),
  admin: flag("Admin").optional(),
  active: flag("Active").optional(),
  /** Required when users change their own email: a stolen token alone must not move the account. */
  current_password: existingPassword("Current password").optional()
    .describe("Required when you change your own email (admins too); not for someone else's."),
}).refine(
  ({ current_password: _, ...changes }) => Object.keys(changes).length > 0,
  "Send at least one field to change.",
).meta({ id: "UpdateUserBody", description: "Send at least one field to change." });

const boolean = (field: string) =>
  z.enum(["true", "false"], { error: `${field} must be true or false.` })
    .transform((v) => v === "true");

export const userSearchQuery = pageQuery.extend({
  q: text("Search text").trim().max(100, "Search text must be at most 100 characters.").optional()
    .describe("Part of a username or email, any case (admins only)."),
  active: boolean("Active").optional()
    .describe("Only active (`true`) or only inactive users (admins only)."),
  admin: boolean("Admin").optional()
    .describe("Only admins (`true`) or only non-admins (admins only)."),
});

export type UpdateUserBody = z.infer<typeof updateUserBody>;
