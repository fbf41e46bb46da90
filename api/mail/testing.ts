/** Helpers for the mail tests: a worker on a test database, waiting for the outbox to settle. */
import { createSql, type Sql } from "../db.ts";
import type { LogEntry, Logger } from "../http/logger.ts";
import { TEST_MAIL_POLL_MS, TEST_RETRY_POLICY } from "../testing/api.ts";
import type { OutgoingMail } from "./outbox.ts";
import type { RetryPolicy } from "./schedule.ts";
import { type MailWorker, startMailWorker } from "./worker.ts";

export type CapturedLogger = Logger & { entries: LogEntry[] };

export function capturingLogger(): CapturedLogger {
  const entries: LogEntry[] = [];
  return { entries, info: (entry) => entries.push(entry), error: (entry) => entries.push(entry) };
}

/** A worker as one API replica runs it: its own pool as the API's role. */
export function testWorker(
  appUrl: string,
  smtpUrl: string,
  options: { logger?: Logger; retry?: RetryPolicy } = {},
): AsyncDisposable & { worker: MailWorker; sql: Sql } {
  const sql = createSql(appUrl, { max: 4 });
  const worker = startMailWorker({
    sql,
    databaseUrl: appUrl,
    smtpUrl,
    from: "Users <no-reply@localhost>",
    logger: options.logger ?? capturingLogger(),
    retry: options.retry ?? TEST_RETRY_POLICY,
    pollIntervalMs: TEST_MAIL_POLL_MS,
  });
  return {
    worker,
    sql,
    async [Symbol.asyncDispose]() {
      await worker.stop();
      await sql.end();
    },
  };
}

/** Polls until `check` holds; the deadline only bounds a failing test, it sets no pace. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether every mail is sent or given up and no delivery job is left to run. */
export async function settled(sql: Sql): Promise<boolean> {
  const [{ queued, jobs }] = await sql<{ queued: number; jobs: number }[]>`
    select (select count(*)::int from mail_outbox where status = 'queued') as queued,
      (select count(*)::int from graphile_worker._private_jobs) as jobs`;
  return queued === 0 && jobs === 0;
}

export function testMail(to: string, token: string = crypto.randomUUID()): OutgoingMail {
  return {
    kind: "verify_email",
    to,
    subject: "Confirm your email | Users",
    text: `Open http://localhost:8080/verify-email#token=${token}`,
    html: `<p><a href="http://localhost:8080/verify-email#token=${token}">Confirm</a></p>`,
  };
}
