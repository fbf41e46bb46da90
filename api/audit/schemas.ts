import { z } from "zod";
import { pageQuery } from "../http/pagination.ts";
import { text } from "../http/text.ts";
import { AUDIT_ACTIONS } from "../openapi/responses.ts";

/** GET /audit: a page of the trail, optionally only events by or about one user. */
export const auditQuery = pageQuery.extend({
  user_id: z.string().regex(/^[1-9]\d{0,15}$/, "User id must be a positive whole number.")
    .transform(Number).optional().describe("Only events by or about this user."),
  user: text("User").trim().min(1, "User must not be empty.").max(
    32,
    "User must be at most 32 characters.",
  ).optional().describe("Only events by or about the user with this username (any case)."),
  action: z.enum(AUDIT_ACTIONS, { error: "Action is not one the trail records." }).optional()
    .describe("Only events of this action."),
  from: instant("From").optional().describe("Only events at or after this instant (ISO 8601)."),
  to: instant("To").optional().describe("Only events before this instant (ISO 8601)."),
});

function instant(field: string) {
  return z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date and time.` })
    .transform((value) => new Date(value));
}
