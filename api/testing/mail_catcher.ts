/**
 * A real SMTP server for tests (npm `smtp-server`, messages parsed by `mailparser`): the API
 * delivers to it over a socket exactly as it would to a relay, and tests read what arrived.
 */
// @ts-types="@types/smtp-server"
import { SMTPServer } from "smtp-server";
// @ts-types="@types/mailparser"
import { simpleParser } from "mailparser";

export type CaughtMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: Date;
};

export type MailCatcher = AsyncDisposable & {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  port: number;
  /** Resolves with the next mail to that address (already received ones first); rejects after timeoutMs. */
  next(to: string, timeoutMs?: number): Promise<CaughtMail>;
  all(): CaughtMail[];
  clear(): void;
  close(): Promise<void>;
};

export type MailCatcherOptions = {
  /** Listen on this port (a restarted catcher takes its predecessor's); a free one by default. */
  port?: number;
  /** Recipients answered with a permanent 550, as a relay refuses an address it knows is dead. */
  rejectRecipient?: (address: string) => boolean;
};

type Waiter = {
  to: string;
  resolve: (mail: CaughtMail) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

const DEFAULT_TIMEOUT_MS = 20_000;

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const received: CaughtMail[] = [];
  // Per address, how many of its mails next() has handed out: each call takes the following one.
  const taken = new Map<string, number>();
  const waiters: Waiter[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // The API's mails are small; a runaway message is a bug worth failing loudly.
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address.toLowerCase())) {
        const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        const headers: Record<string, string> = {};
        for (const line of parsed.headerLines) {
          headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
        }
        const mail: CaughtMail = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          headers,
          receivedAt: new Date(),
        };
        received.push(mail);
        callback();
        deliverToWaiters();
      }, (error) => callback(error));
    },
  });

  function takeFor(to: string): CaughtMail | undefined {
    const address = to.toLowerCase();
    const mine = received.filter((mail) => mail.to.includes(address));
    const count = taken.get(address) ?? 0;
    if (count >= mine.length) return undefined;
    taken.set(address, count + 1);
    return mine[count];
  }

  function deliverToWaiters() {
    for (const waiter of [...waiters]) {
      const mail = takeFor(waiter.to);
      if (!mail) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      clearTimeout(waiter.timer);
      waiter.resolve(mail);
    }
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.server.address() as { port: number }).port);
    });
  });
  // A client that goes away mid-session is the sender's business, not the test's.
  server.on("error", () => {});

  let closed: Promise<void> | undefined;
  const close = () =>
    closed ??= new Promise<void>((resolve) => {
      for (const waiter of waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`mail catcher closed while waiting for mail to ${waiter.to}`));
      }
      server.close(() => resolve());
    });

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    next(to, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const mail = takeFor(to);
      if (mail) return Promise.resolve(mail);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          to: to.toLowerCase(),
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            reject(new Error(`no mail to ${to} within ${timeoutMs} ms`));
          }, timeoutMs),
        };
        waiters.push(waiter);
      });
    },
    all: () => [...received],
    clear() {
      received.length = 0;
      taken.clear();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
