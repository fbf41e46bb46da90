/**
 * The response bodies of the API as zod schemas, each named (`meta({ id })`) as the component the
 * OpenAPI document shows. The routes declare them, the document is generated from them and
 * the API tests check every response against them. Objects are strict, so a field the document
 * does not name (a leaked hash, say) fails the tests.
 */
import { z } from "zod";
import type { AuditAction } from "../audit/queries.ts";

const success = z.literal("success");
const id = z.int().min(1);
// Timestamps leave the API as Date#toJSON() writes them: ISO 8601 in UTC.
const timestamp = z.iso.datetime();
const cursor = z.string().nullable().describe(
  "Pass as `cursor` for the next page; null on the last.",
);

export const fieldError = z.strictObject({ field: z.string(), message: z.string() }).meta({
  id: "FieldError",
});

/** 4xx: the client's fault. `errors` comes with 400 "Invalid payload.", one entry per field. */
export const failBody = z.strictObject({
  status: z.literal("fail"),
  message: z.string(),
  errors: z.array(fieldError).min(1).optional(),
  reason: z.enum([
    "email_unverified",
    "invalid_token",
    "mfa_token_invalid",
    "step_up_required",
    "mfa_enrollment_required",
  ]).optional().describe(
    "Why, for the client to act on: `email_unverified` (log in after verifying, or ask for a " +
      "new mail), `invalid_token` (the link is wrong, expired, used or superseded), " +
      "`mfa_token_invalid` (the login's second step expired or was refused too often: log in " +
      "again), `step_up_required` (prove it is you again: `POST /auth/reauthenticate`), " +
      "`mfa_enrollment_required` (set up a second factor first: admins under REQUIRE_ADMIN_MFA).",
  ),
}).meta({ id: "Fail" });

/** 5xx: the server's fault; the body never says more than the message. */
export const serverErrorBody = z.strictObject({
  status: z.literal("error"),
  message: z.string(),
}).meta({ id: "ServerError" });

export const messageBody = z.strictObject({ status: success, message: z.string() }).meta({
  id: "Message",
});

export const tokenBody = z.strictObject({
  status: success,
  message: z.string(),
  auth_token: z.string().describe("The access token (a JWT) for `Authorization: Bearer`."),
  token_type: z.literal("Bearer"),
  expires_in: z.int().min(1).describe("Seconds until the access token expires."),
}).meta({ id: "Token" });

/** `email`, `active` and `admin` only for an admin caller or the user themself. */
export const user = z.strictObject({
  id,
  username: z.string(),
  created_at: timestamp,
  email: z.string().optional(),
  active: z.boolean().optional(),
  admin: z.boolean().optional(),
  email_verified_at: timestamp.nullable().optional().describe(
    "When the owner confirmed the address through a mailed link; null until then.",
  ),
  second_factor: z.boolean().optional().describe(
    "Admins only, in the list: the user has an authenticator app or a passkey.",
  ),
}).meta({ id: "User" });

/** The caller's own account: every field. */
export const account = user.omit({ second_factor: true }).required().meta({ id: "Account" });

export const verifiedBody = z.strictObject({
  status: success,
  message: z.string(),
  data: z.strictObject({
    email: z.string().describe("The address now confirmed as the account's."),
    purpose: z.enum(["verify", "email_change"]).describe(
      "`verify`: the address was confirmed; `email_change`: the account moved to it.",
    ),
  }),
}).meta({ id: "EmailVerified" });

export const statusBody = z.strictObject({ status: success, data: account }).meta({ id: "Status" });

export const userBody = z.strictObject({ status: success, data: user }).meta({ id: "UserResult" });

export const userChangedBody = z.strictObject({
  status: success,
  message: z.string(),
  data: z.strictObject({ user }),
}).meta({ id: "UserChanged" });

export const userPageBody = z.strictObject({
  status: success,
  data: z.strictObject({
    users: z.array(user),
    next_cursor: cursor,
    total: z.int().min(0).optional().describe("How many users match; with `total=true`."),
  }),
}).meta({ id: "UserPage" });

export const session = z.strictObject({
  id: z.uuid(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: timestamp,
  last_used_at: timestamp,
  current: z.boolean().describe("Whether this is the session of the token that asked."),
}).meta({ id: "Session" });

export const sessionsBody = z.strictObject({
  status: success,
  data: z.strictObject({ sessions: z.array(session) }),
}).meta({ id: "Sessions" });

export const sessionsRevokedBody = z.strictObject({
  status: success,
  message: z.string(),
  data: z.strictObject({ revoked: z.int().min(0) }),
}).meta({ id: "SessionsRevoked" });

export const AUDIT_ACTIONS = [
  "user.registered",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.refresh_reused",
  "auth.password_changed",
  "auth.session_revoked",
  "user.updated",
  "admin.user_created",
  "admin.user_updated",
  "admin.user_deleted",
  "operator.user_created",
  "system.first_admin_created",
  "auth.verification_sent",
  "auth.email_verified",
  "auth.registration_email_taken",
  "auth.password_reset_requested",
  "auth.password_reset",
  "user.email_change_requested",
  "user.email_changed",
  "admin.verification_sent",
  "admin.password_reset_sent",
  "user.account_deleted",
  "user.data_exported",
  "auth.mfa_enabled",
  "auth.mfa_disabled",
  "auth.recovery_codes_regenerated",
  "auth.mfa_failed",
  "auth.reauthenticated",
  "admin.mfa_reset",
  "auth.passkey_added",
  "auth.passkey_renamed",
  "auth.passkey_removed",
] as const satisfies readonly AuditAction[];

// A new AuditAction breaks `deno check` here until the document lists it.
const _everyAction: readonly (typeof AUDIT_ACTIONS)[number][] = [] as AuditAction[];

export const auditEvent = z.strictObject({
  id,
  occurred_at: timestamp,
  action: z.enum(AUDIT_ACTIONS),
  actor_id: id.nullable(),
  target_id: id.nullable(),
  changes: z.record(z.string(), z.strictObject({ old: z.unknown(), new: z.unknown() }))
    .nullable()
    .describe("Changed fields with their old and new values; never a password."),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  actor_name: z.string().nullable().describe("The actor's username now; null once deleted."),
  target_name: z.string().nullable().describe("The target's username now; null once deleted."),
}).meta({ id: "AuditEvent" });

const keptSession = z.strictObject({
  id: z.uuid(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: timestamp,
  last_used_at: timestamp,
  expires_at: timestamp,
  revoked_at: timestamp.nullable(),
}).meta({ id: "KeptSession" });

/** GET /auth/export: everything the service keeps about the caller. */
export const ownDataBody = z.strictObject({
  status: success,
  data: z.strictObject({
    exported_at: timestamp,
    profile: account,
    sessions: z.array(keptSession).describe("Live and ended sessions."),
    activity: z.array(auditEvent).describe("The caller's own audit events, newest first."),
  }),
}).meta({ id: "OwnData" });

export const auditPageBody = z.strictObject({
  status: success,
  data: z.strictObject({ events: z.array(auditEvent), next_cursor: cursor }),
}).meta({ id: "AuditPage" });
