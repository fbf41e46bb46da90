/**
 * The mail worker each API process runs: graphile-worker takes `deliver_mail` jobs from
 * PostgreSQL (woken at once by LISTEN/NOTIFY when a mail is queued, and by polling for retries
 * that come due), and delivery.ts sends each mail. Several replicas share one queue; a job is
 * handed to one worker at a time.
 */
import { Logger as QueueLogger, run, type Runner } from "graphile-worker";
import pg from "pg";
import type { Sql } from "../db.ts";
import type { Logger } from "../http/logger.ts";
import { deliverMail, type MailTransport, smtpTransport } from "./delivery.ts";
import { DELIVER_MAIL_TASK } from "./outbox.ts";
import type { RetryPolicy } from "./schedule.ts";

export type MailWorkerOptions = {
  sql: Sql;
  /** The API's own role: it uses the queue's schema and cannot change it. */
  databaseUrl: string;
  smtpUrl: string;
  from: string;
  logger: Logger;
  /** Tests only: a faster schedule than production's. */
  retry?: RetryPolicy;
  /** How often due retries are looked for; new mail wakes the worker at once. */
  pollIntervalMs?: number;
  /** Tests only: another transport than SMTP_URL's. */
  transport?: MailTransport;
};

export type MailWorker = {
  stop(): Promise<void>;
  /** The queue's connections still open on this side: none once `stop` has returned. */
  openConnections(): number;
};

const CONCURRENCY = 2;
const POLL_INTERVAL_MS = 1000;
const RESTART_DELAY_MS = 5000;

/**
 * Starts at once and keeps trying in the background while the database is away, so an API that
 * starts during an outage serves (503s) and sends its mail once PostgreSQL is back.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const transport = options.transport ?? smtpTransport(options.smtpUrl);
  const pool = queuePool(options);
  let runner: Runner | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    while (!stopped) {
      try {
        runner = await start(options, pool, transport);
        if (stopped) break;
        await runner.promise;
        if (!stopped) options.logger.error({ msg: "mail worker stopped by itself; restarting" });
      } catch (error) {
        options.logger.error({ msg: "mail worker could not run; retrying", error: `${error}` });
      }
      runner = undefined;
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RESTART_DELAY_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    async stop() {
      if (stopped) return loop;
      stopped = true;
      wake?.();
      // Lets the mails being sent finish, so none is left half-recorded.
      await runner?.stop().catch(() => {});
      await loop;
      // graphile-worker ends a pool it made without waiting, and drops its error handlers first:
      // a connection the server closed meanwhile (a database dropped, a restart) then threw
      // from nowhere. This pool is ours: its handlers stay until it has ended.
      await pool.end();
      // pg-pool's end resolves as soon as no client is checked out, before their sockets close.
      await pool.closed();
      transport.close();
    },
    openConnections: () => pool.open.size,
  };
}

type QueuePool = pg.Pool & {
  /** Clients whose socket has not closed yet (pg-pool forgets a client when it starts ending). */
  open: Set<pg.PoolClient>;
  closed(): Promise<void>;
};

/** The queue's connections, logged rather than thrown when the server drops one. */
function queuePool(options: MailWorkerOptions): QueuePool {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: CONCURRENCY + 2 });
  const open = new Set<pg.PoolClient>();
  let allClosed: (() => void) | undefined;
  const dropped = (error: Error) =>
    options.logger.error({ msg: "job queue connection lost", error: error.message });
  pool.on("error", dropped);
  pool.on("connect", (client) => {
    open.add(client);
    client.on("error", dropped);
    // The socket is closed however the client ended: by the pool, an error or the server.
    client.on("end", () => {
      open.delete(client);
      if (open.size === 0) allClosed?.();
    });
  });
  return Object.assign(pool, {
    open,
    closed: () =>
      open.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => allClosed = resolve),
  });
}

function start(
  options: MailWorkerOptions,
  pool: QueuePool,
  transport: MailTransport,
): Promise<Runner> {
  const deps = {
    sql: options.sql,
    transport,
    from: options.from,
    logger: options.logger,
    retry: options.retry,
  };
  return run({
    pgPool: pool,
    concurrency: CONCURRENCY,
    pollInterval: options.pollIntervalMs ?? POLL_INTERVAL_MS,
    noHandleSignals: true,
    // No recurring jobs, and no crontab file to look for in the working directory.
    parsedCronItems: [],
    logger: queueLogger(options.logger),
    taskList: {
      [DELIVER_MAIL_TASK]: async (payload) => {
        const id = (payload as { id?: unknown } | null)?.id;
        if (typeof id !== "number" || !Number.isSafeInteger(id)) return;
        await deliverMail(deps, id);
      },
    },
  });
}

/** graphile-worker's warnings and errors go to our log; its chatter (job done …) does not. */
function queueLogger(logger: Logger): QueueLogger {
  return new QueueLogger(() => (level, message) => {
    if (level === "error" || level === "warning") {
      logger.error({ msg: "job queue", level, detail: message.slice(0, 500) });
    }
  });
}
