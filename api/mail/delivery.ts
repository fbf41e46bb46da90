/**
 * Delivers one outbox mail over SMTP. It runs inside a transaction that holds the mail's row, so
 * two workers (two API replicas, or a duplicated job) can never send the same mail at once, and a
 * mail that was sent or given up is never sent again. What happens is recorded in the same
 * transaction: sent (and its body erased), or failed with the next try queued, or given up.
 */
// @ts-types="@types/nodemailer"
import nodemailer from "nodemailer";
import type { Sql } from "../db.ts";
import type { Logger } from "../http/logger.ts";
import { lockQueuedMail, markFailed, markSent, scheduleRetry } from "./queries.ts";
import { nextAttempt, RETRY_POLICY, type RetryPolicy } from "./schedule.ts";

/** What sending needs: nodemailer's transport in production, anything alike in unit tests. */
export type MailTransport = {
  sendMail(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
  close(): void;
};

export type DeliveryDeps = {
  sql: Sql;
  transport: MailTransport;
  from: string;
  logger: Logger;
  retry?: RetryPolicy;
  now?: () => Date;
};

export type DeliveryOutcome = "sent" | "retry" | "failed" | "skipped";

// A relay that hangs must not hold the mail's row (and a database connection) for long.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** nodemailer's SMTP transport for SMTP_URL, one connection per mail (nothing idles between). */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
}

export async function deliverMail(deps: DeliveryDeps, id: number): Promise<DeliveryOutcome> {
  const now = deps.now ?? (() => new Date());
  return await deps.sql.begin(async (tx) => {
    const mail = await lockQueuedMail(tx, id);
    if (!mail) return "skipped";
    const context = { mail_id: mail.id, kind: mail.kind, attempt: mail.attempts + 1 };
    try {
      await deps.transport.sendMail({
        from: deps.from,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body_text,
        html: mail.body_html,
      });
    } catch (error) {
      const reason = describe(error);
      const next = permanent(error)
        ? undefined
        : nextAttempt(mail.created_at, mail.attempts + 1, now(), deps.retry ?? RETRY_POLICY);
      if (next) {
        await scheduleRetry(tx, mail.id, reason, next);
        deps.logger.error({
          msg: "mail delivery failed, will retry",
          ...context,
          error: reason,
          retry_at: next.toISOString(),
        });
        return "retry";
      }
      await markFailed(tx, mail.id, reason);
      deps.logger.error({ msg: "mail undeliverable, given up", ...context, error: reason });
      return "failed";
    }
    await markSent(tx, mail.id);
    deps.logger.info({ msg: "mail sent", ...context });
    return "sent";
  });
}

type SmtpError = { code?: string; responseCode?: number; message?: string };

/**
 * The relay refused this recipient or this message for good (a 5xx to RCPT TO or DATA): trying
 * again for a day would change nothing. A refused login (EAUTH) or an unreachable relay is the
 * operator's to fix, and every mail waits for that.
 */
function permanent(error: unknown): boolean {
  const { code, responseCode } = error as SmtpError;
  return (code === "EENVELOPE" || code === "EMESSAGE") && responseCode !== undefined &&
    responseCode >= 500 && responseCode < 600;
}

/** For the log and the admins' view: the SMTP code and the server's words, never the mail. */
function describe(error: unknown): string {
  const { code, responseCode, message } = error as SmtpError;
  const head = [code, responseCode].filter((part) => part !== undefined).join(" ");
  const text = `${head ? head + ": " : ""}${message ?? String(error)}`;
  return text.replace(/\s+/g, " ").slice(0, 500);
}
