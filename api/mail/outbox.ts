/**
 * The outbox: a flow that sends mail writes it here inside its own transaction, so a mail exists
 * exactly when the change that caused it was committed. The delivery worker (delivery.ts) sends
 * it afterwards and retries while the SMTP server is away.
 */
import type { Queryable } from "../db.ts";

export type MailKind =
  | "verify_email"
  | "email_taken_on_register"
  | "password_reset"
  | "password_changed"
  | "email_change_confirm"
  | "email_change_requested_notice"
  | "email_changed_notice"
  | "email_change_taken_notice"
  | "new_device_signin"
  | "second_factor_changed";

export type OutgoingMail = {
  /** Stored, shown to admins, used in logs (never the body). */
  kind: MailKind;
  /** One address. */
  to: string;
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part. */
  html: string;
  /** For the admins' view. */
  userId?: number | null;
};

/** graphile-worker's task that delivers one outbox row (see delivery.ts). */
export const DELIVER_MAIL_TASK = "deliver_mail";

/**
 * Writes the mail to the outbox and enqueues its delivery in the caller's transaction: rolled
 * back, neither exists and nothing is sent. One statement, so even outside a transaction the row
 * never exists without its job.
 */
export async function queueMail(tx: Queryable, mail: OutgoingMail): Promise<void> {
  const row = {
    kind: mail.kind,
    recipient: mail.to,
    subject: mail.subject,
    body_text: mail.text,
    body_html: mail.html,
    user_id: mail.userId ?? null,
  };
  // max_attempts: the worker records an SMTP failure and schedules the next try itself (its own
  // backoff); graphile-worker's retries only cover a worker that failed to record anything (the
  // database was away), so the mail is never dropped.
  await tx`
    with mail as (
      insert into mail_outbox ${
    tx(row, "kind", "recipient", "subject", "body_text", "body_html", "user_id")
  }
      returning id
    )
    select graphile_worker.add_job(
      ${DELIVER_MAIL_TASK}, json_build_object('id', mail.id), max_attempts := 25
    ) from mail`;
}
