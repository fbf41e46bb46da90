/**
 * zod schemas as JSON Schema (2020-12, the dialect of OpenAPI 3.1): the named components of the
 * document, and the notes that state what refinements cannot.
 */
import { z } from "zod";
import { auditQuery } from "../../audit/schemas.ts";
import { changePasswordBody, loginBody, registerBody } from "../../auth/schemas.ts";
import {
  createUserBody,
  email,
  EMAIL_RULES,
  password,
  PASSWORD_RULES,
  type Rule,
  updateUserBody,
  username,
  USERNAME_RULES,
  userSearchQuery,
} from "../../users/schemas.ts";
import * as reply from "../responses.ts";

export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Schemas shown under these names; every body and reply of the table must be one of them. */
const COMPONENTS: Record<string, z.ZodType> = {
  RegisterBody: registerBody,
  LoginBody: loginBody,
  ChangePasswordBody: changePasswordBody,
  CreateUserBody: createUserBody,
  UpdateUserBody: updateUserBody,
  Fail: reply.failBody,
  ServerError: reply.serverErrorBody,
  FieldError: reply.fieldError,
  Message: reply.messageBody,
  Token: reply.tokenBody,
  User: reply.user,
  Account: reply.account,
  Status: reply.statusBody,
  UserResult: reply.userBody,
  UserChanged: reply.userChangedBody,
  UserPage: reply.userPageBody,
  Session: reply.session,
  Sessions: reply.sessionsBody,
  SessionsRevoked: reply.sessionsRevokedBody,
  AuditEvent: reply.auditEvent,
  AuditPage: reply.auditPageBody,
};

// The validators' rules are refinements JSON Schema cannot express: the document states them.
const NOTES = new Map<unknown, string>([
  [username, `Trimmed of surrounding spaces. ${sentences(USERNAME_RULES)}`],
  [email, `Stored trimmed and lower-cased. ${sentences(EMAIL_RULES)}`],
  [password, sentences(PASSWORD_RULES)],
  [updateUserBody, "Send at least one field to change."],
  [userSearchQuery.shape.limit, "Page size, 1 to 100; 50 when omitted."],
  [userSearchQuery.shape.cursor, "The `next_cursor` of the previous page."],
  [userSearchQuery.shape.q, "Part of a username or email, any case (admins only)."],
  [userSearchQuery.shape.active, "Only active (`true`) or only inactive users (admins only)."],
  [userSearchQuery.shape.admin, "Only admins (`true`) or only non-admins (admins only)."],
  [auditQuery.shape.user_id, "Only events by or about this user."],
]);

// Requests are shown as clients write them (before transforms and defaults); replies have none.
const OPTIONS = {
  io: "input",
  override({ zodSchema, jsonSchema }) {
    const note = NOTES.get(zodSchema);
    if (note) jsonSchema.description = note;
    // The format says it; zod's regular expression for it is only noise here.
    if (jsonSchema.format === "date-time" || jsonSchema.format === "uuid") {
      delete jsonSchema.pattern;
    }
  },
} satisfies z.core.ToJSONSchemaParams;

export function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    ...OPTIONS,
    uri: (id) => `#/components/schemas/${id}`,
  });
  // OpenAPI names them by their key; an `$id` or `$schema` of their own would only confuse.
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $id: _, $schema: __, ...schema }]) => [name, schema]),
  );
}

/** A schema inline, without `$schema`: parameters. */
export function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, OPTIONS);
  return json;
}

/** A `$ref` to the component of a body or reply. */
export function ref(schema: z.ZodType) {
  const name = Object.keys(COMPONENTS).find((key) => COMPONENTS[key] === schema);
  if (!name) throw new Error("A body or reply of the operation table has no component name");
  return { $ref: `#/components/schemas/${name}` };
}

function sentences(rules: Rule[]): string {
  return rules.map((rule) => rule.message).join(" ");
}
