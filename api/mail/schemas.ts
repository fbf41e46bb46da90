import { z } from "zod";
import { pageQuery } from "../http/pagination.ts";

export const MAIL_STATUSES = ["queued", "sent", "failed"] as const;

/** GET /mail: a page of the outbox, optionally of one status. */
export const mailQuery = pageQuery.extend({
  status: z.enum(MAIL_STATUSES, {
    error: `Status must be one of ${MAIL_STATUSES.join(", ")}.`,
  }).optional().describe(
    "`queued` (waiting, or between retries), `sent`, or `failed` (given up: never delivered).",
  ),
});

const id = z.int().min(1);
const timestamp = z.iso.datetime();

/** A mail as admins see it: who, what, and how delivery went; never its body. */
export const outboxMail = z.strictObject({
  id,
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  user_id: id.nullable(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.int().min(0),
  last_error: z.string().nullable().describe("The SMTP server's last refusal or the failure."),
  created_at: timestamp,
  last_attempt_at: timestamp.nullable(),
  next_attempt_at: timestamp.nullable(),
  sent_at: timestamp.nullable(),
  failed_at: timestamp.nullable(),
}).meta({ id: "OutboxMail" });

export const mailPageBody = z.strictObject({
  status: z.literal("success"),
  data: z.strictObject({
    mails: z.array(outboxMail),
    next_cursor: z.string().nullable().describe(
      "Pass as `cursor` for the next page; null on the last.",
    ),
  }),
}).meta({ id: "MailPage" });
