/**
 * Request rules, shared by the API's validators and the web app's forms, so both sides agree.
 * Keep this module free of server-only imports: the client bundles it. The OpenAPI document reads
 * the names and descriptions given here with zod's own `meta()` and `describe()`.
 */
import { z } from "zod";
import { pageQuery } from "../http/pagination.ts";
import { text } from "../http/text.ts";

export { text };

/** Who a password is for, when known: it may not contain their name. */
export type PasswordOwner = { username?: string; email?: string };

/**
 * One rule: a short label for the form's checklist and the message when it is broken. `owner` is
 * given when the value is a password and its owner is known. `serverOnly` rules cannot be checked
 * by the form (their `test` passes there); the server answers 400 naming the field instead.
 */
export type Rule = {
  label: string;
  message: string;
  test: (value: string, owner?: PasswordOwner) => boolean;
  serverOnly?: boolean;
};

/**
 * NIST SP 800-63B asks for at least 64 characters in any script; passwords are pre-hashed, so
 * length costs nothing in bcrypt. The bound keeps absurd bodies out of SHA-256 and NFKC.
 */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * A username or email name shorter than this is not looked for in the password: every username
 * has at least 3 characters, and a 1- or 2-letter email name would forbid too many passwords.
 */
export const MIN_OWNER_NAME_LENGTH = 3;

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

/** Checked where the owner is known (the server); with no owner given, it passes. */
export const OWNER_NAME_RULE: Rule = {
  label: "Not your username or the name of your email",
  message: "Password must not contain your username or the part of your email before the @.",
  test: (v, owner) => ownerNames(owner).every((name) => !foldPassword(v).includes(name)),
  serverOnly: true,
};

/** The list is megabytes: only the server holds it (`auth/password_policy.ts`). */
export const COMMON_PASSWORD_RULE: Rule = {
  label: "Not a common or breached password",
  message: "Password is too common: it appears in lists of breached passwords.",
  test: () => true,
  serverOnly: true,
};

export const PASSWORD_RULES: Rule[] = [
  {
    label: "At least 8 characters",
    message: "Password must be at least 8 characters long.",
    test: (v) => [...v].length >= 8,
  },
  {
    label: `At most ${MAX_PASSWORD_LENGTH.toLocaleString("en")} characters`,
    message: `Password must be at most ${
      MAX_PASSWORD_LENGTH.toLocaleString("en")
    } characters long.`,
    test: (v) => [...v].length <= MAX_PASSWORD_LENGTH,
  },
  OWNER_NAME_RULE,
  COMMON_PASSWORD_RULE,
];

/** The form in which passwords are compared with names and lists: NFKC, lower case. */
export function foldPassword(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

function ownerNames(owner: PasswordOwner = {}): string[] {
  const { username, email } = owner;
  const names = [username, email?.slice(0, email.lastIndexOf("@"))]
    .filter((name): name is string => name !== undefined);
  return names.map((name) => foldPassword(name.trim()))
    .filter((name) => [...name].length >= MIN_OWNER_NAME_LENGTH);
}

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
  total: boolean("Total").optional()
    .describe("`true` adds `total`, how many users match (a count: ask on the first page only)."),
});

export type UpdateUserBody = z.infer<typeof updateUserBody>;
