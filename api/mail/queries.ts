/** The outbox's SQL, for the delivery worker and the admins' list (queueMail is in outbox.ts). */
import type { Queryable, Sql } from "../db.ts";
import { DELIVER_MAIL_TASK } from "./outbox.ts";

export type MailStatus = "queued" | "sent" | "failed";

/** A mail as the worker sends it. */
export type QueuedMail = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  attempts: number;
  created_at: Date;
};

/** A mail as admins see it: the envelope and its history, never the body. */
export type MailEnvelope = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  user_id: number | null;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  failed_at: Date | null;
};

/**
 * Locks a mail that still waits to be sent, for the rest of the transaction; undefined when it
 * was sent or given up already, or when another worker holds it right now (that one sends it).
 */
export async function lockQueuedMail(tx: Queryable, id: number): Promise<QueuedMail | undefined> {
  const [mail] = await tx<QueuedMail[]>`
    select id, kind, recipient, subject, body_text, body_html, attempts, created_at
    from mail_outbox
    where id = ${id} and status = 'queued'
    for update skip locked`;
  return mail;
}

/** Delivered: the body goes, with the tokens it holds. */
export async function markSent(tx: Queryable, id: number): Promise<void> {
  await tx`
    update mail_outbox
    set status = 'sent', body_text = null, body_html = null, attempts = attempts + 1,
      last_attempt_at = now(), next_attempt_at = null, sent_at = now()
    where id = ${id}`;
}

/** Failed this time: recorded, and the next try queued in the same transaction. */
export async function scheduleRetry(
  tx: Queryable,
  id: number,
  error: string,
  at: Date,
): Promise<void> {
  await tx`
    update mail_outbox
    set attempts = attempts + 1, last_error = ${error}, last_attempt_at = now(),
      next_attempt_at = ${at}
    where id = ${id}`;
  await tx`
    select graphile_worker.add_job(
      ${DELIVER_MAIL_TASK}, json_build_object('id', ${id}::bigint), run_at := ${at},
      max_attempts := 25
    )`;
}

/** Given up: kept for the admins, without its body (its links are dead weight now). */
export async function markFailed(tx: Queryable, id: number, error: string): Promise<void> {
  await tx`
    update mail_outbox
    set status = 'failed', body_text = null, body_html = null, attempts = attempts + 1,
      last_error = ${error}, last_attempt_at = now(), next_attempt_at = null, failed_at = now()
    where id = ${id}`;
}

/** Newest first, optionally of one status, below `beforeId`. */
export async function listMail(
  sql: Sql,
  options: { status?: MailStatus; limit: number; beforeId?: number },
): Promise<MailEnvelope[]> {
  const { status, limit, beforeId } = options;
  const ofStatus = status === undefined ? sql`true` : sql`status = ${status}`;
  const before = beforeId === undefined ? sql`` : sql`and id < ${beforeId}`;
  return await sql<MailEnvelope[]>`
    select id, kind, recipient, subject, user_id, status, attempts, last_error, created_at,
      last_attempt_at, next_attempt_at, sent_at, failed_at
    from mail_outbox
    where ${ofStatus} ${before}
    order by id desc
    limit ${limit}`;
}

/**
 * Mail delivered or given up on more than `days` ago; returns how many. Queued mail is never
 * deleted here, however old: it is still owed to someone.
 */
export async function deleteFinishedMail(tx: Queryable, days: number): Promise<number> {
  const result = await tx`
    delete from mail_outbox
    where status <> 'queued' and coalesce(sent_at, failed_at) < now() - make_interval(days => ${days})`;
  return result.count;
}
