/** Audit events (GET /audit, GET /auth/activity) in words people read. */
import type { InferResponseType } from "hono/client";
import type { api } from "./api.ts";

export type AuditEvent = InferResponseType<typeof api.audit.$get, 200>["data"]["events"][number];
type Action = AuditEvent["action"];

// A Record over the API's own union: a new action breaks `deno check` until it has words here.
export const ACTIONS: Record<Action, string> = {
  "user.registered": "Registered",
  "auth.login": "Logged in",
  "auth.login_failed": "Log-in attempt failed",
  "auth.logout": "Logged out",
  // What the person can act on, not the mechanism (a rotated refresh token presented again).
  "auth.refresh_reused": "Signed out: your session was used from another device",
  "auth.password_changed": "Password changed",
  "auth.session_revoked": "Signed out a session",
  "user.updated": "Profile updated",
  "admin.user_created": "User added",
  "admin.user_updated": "User updated",
  "admin.user_deleted": "User deleted",
  "operator.user_created": "User created by an operator",
  "system.first_admin_created": "First admin created",
  "auth.verification_sent": "Verification link sent",
  "auth.email_verified": "Email address verified",
  "auth.registration_email_taken": "Someone tried to register with this address",
  "auth.password_reset_requested": "Password reset link requested",
  "auth.password_reset": "Password reset through a mailed link",
  "user.email_change_requested": "Email change requested",
  "user.email_changed": "Email address changed",
  "admin.verification_sent": "Verification link sent by an admin",
  "admin.password_reset_sent": "Password reset link sent by an admin",
  "user.account_deleted": "Account deleted by its owner",
  "user.data_exported": "Downloaded their data",
  "auth.mfa_enabled": "Two-step sign-in turned on",
  "auth.mfa_disabled": "Two-step sign-in turned off",
  "auth.recovery_codes_regenerated": "New recovery codes made",
  "auth.mfa_failed": "Wrong second-step code",
  "auth.reauthenticated": "Confirmed it was them (re-check)",
  "admin.mfa_reset": "Two-step sign-in reset by an admin",
  "auth.passkey_added": "Passkey added",
  "auth.passkey_renamed": "Passkey renamed",
  "auth.passkey_removed": "Passkey removed",
};

/** What happened, e.g. "Logged in" or "Signed out 2 other sessions". */
export function actionText(event: AuditEvent): string {
  const others = event.detail?.others;
  if (event.action === "auth.session_revoked" && typeof others === "number") {
    return `Signed out ${others} other session${others === 1 ? "" : "s"}`;
  }
  return ACTIONS[event.action] ?? event.action;
}

/** Each changed field as "field: old → new"; a new password only as set, never its value. */
export function changeTexts(event: AuditEvent): string[] {
  const texts = Object.entries(event.changes ?? {}).map(([field, change]) =>
    `${field}: ${value(change.old)} → ${value(change.new)}`
  );
  if (event.detail?.password_set === true) texts.push("password: set");
  return texts;
}

/** The rest of what the API recorded (who was added or deleted, which email failed), as "key: value". */
export function detailTexts(event: AuditEvent): string[] {
  return Object.entries(event.detail ?? {})
    .filter(([key]) => key !== "password_set" && key !== "others")
    .map(([key, detail]) => `${key.replaceAll("_", " ")}: ${value(detail)}`);
}

/** One line for a person's own activity: "Profile updated (username: old → new)". */
export function eventSummary(event: AuditEvent): string {
  const changes = changeTexts(event);
  return changes.length > 0 ? `${actionText(event)} (${changes.join(", ")})` : actionText(event);
}

function value(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  return typeof v === "string" ? v : JSON.stringify(v);
}

// Loopback: the request came from the machine the service runs on.
const THIS_COMPUTER =
  /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** Where a request came from, for people: an address, "this computer" for loopback, or "—". */
export function placeText(ip: string | null | undefined): string {
  if (!ip) return "—";
  return THIS_COMPUTER.test(ip) ? "this computer" : ip;
}
