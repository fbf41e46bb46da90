/**
 * The development inbox: MailDev (npm `maildev`) as a real SMTP server that keeps what the API
 * sends and shows it in a web inbox, so `deno task start` without SMTP_URL delivers every mail
 * somewhere a developer can open its links. Its mails are kept under .data/maildev.
 */
import { freePort, portIsFree } from "./postgres.ts";

/** Pinned here and in deno.json's imports (so deno.lock holds its integrity). */
export const MAILDEV = "npm:maildev@3.0.0";

const MAIL_DIR = new URL("../../.data/maildev", import.meta.url).pathname;
const DEFAULT_SMTP_PORT = 1025;
const DEFAULT_WEB_PORT = 1080;
const START_TIMEOUT_MS = 120_000;

export type DevMailCatcher = AsyncDisposable & {
  /** For the API's SMTP_URL. */
  smtpUrl: string;
  /** The web inbox. */
  webUrl: string;
  stop(): Promise<void>;
};

type Options = {
  smtpPort?: number;
  webPort?: number;
  /** Where MailDev keeps the mails; .data/maildev by default, so they outlive a restart. */
  mailDir?: string;
  output?: "inherit" | "null";
};

export async function startDevMailCatcher(options: Options = {}): Promise<DevMailCatcher> {
  const smtpPort = pick(options.smtpPort ?? DEFAULT_SMTP_PORT);
  const webPort = pick(options.webPort ?? DEFAULT_WEB_PORT);
  const mailDir = options.mailDir ?? MAIL_DIR;
  await Deno.mkdir(mailDir, { recursive: true });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      MAILDEV,
      "--smtp",
      String(smtpPort),
      "--ip",
      "127.0.0.1",
      "--web",
      String(webPort),
      "--web-ip",
      "127.0.0.1",
      "--mail-directory",
      mailDir,
    ],
    stdin: "null",
    stdout: options.output ?? "null",
    // Kept (its last few kB) so that a MailDev that stops during start-up can say why.
    stderr: options.output === "inherit" ? "inherit" : "piped",
  }).spawn();
  const errors = options.output === "inherit" ? undefined : lastText(child.stderr, 4096);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
  };
  const webUrl = `http://localhost:${webPort}`;
  try {
    await waitUntilServing(`http://127.0.0.1:${webPort}/api/email`, smtpPort, child);
  } catch (error) {
    await stop();
    const said = errors?.().trim();
    if (!said) throw error;
    throw new Error(`${(error as Error).message}; it said:\n${said}`);
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function pick(port: number): number {
  return portIsFree(port) ? port : freePort();
}

/** The first run downloads MailDev from npm, which may take a while. */
async function waitUntilServing(api: string, smtpPort: number, child: Deno.ChildProcess) {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`MailDev (${MAILDEV}) exited during start-up`);
    try {
      const res = await fetch(api, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      const smtp = await Deno.connect({ hostname: "127.0.0.1", port: smtpPort });
      smtp.close();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`MailDev did not start within ${START_TIMEOUT_MS / 1000} s`);
}

/** Drains a stream for as long as it runs, keeping its last `limit` characters. */
function lastText(stream: ReadableStream<Uint8Array>, limit: number): () => string {
  let text = "";
  const decoder = new TextDecoder();
  (async () => {
    for await (const chunk of stream) {
      text = (text + decoder.decode(chunk, { stream: true })).slice(-limit);
    }
  })().catch(() => {});
  return () => text;
}
