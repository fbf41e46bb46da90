/** The API as a separate OS process (`api/main.ts`), for tests about several replicas. */
import type { MailCatcher } from "./mail_catcher.ts";

export type ApiProcess = AsyncDisposable & { url: string; process: Deno.ChildProcess };

const MAIN = new URL("../main.ts", import.meta.url).pathname;
// Replicas of one service share SECRET_KEY, which opens the signing keys they share: processes
// spawned by one test run get the same one unless a test says otherwise.
const REPLICAS_SECRET_KEY = `${crypto.randomUUID()}${crypto.randomUUID()}`;

/**
 * `main`: another checkout's api/main.ts (bench/profile_status.ts profiles an older commit).
 * `mail`: the process delivers its mail (on production's retry schedule) to this catcher, as
 * replicas share one relay.
 */
export async function spawnApi(
  env: Record<string, string>,
  options: { mail?: MailCatcher; permissions?: string[]; main?: string } = {},
): Promise<ApiProcess> {
  const smtp: Record<string, string> = options.mail ? { SMTP_URL: options.mail.url } : {};
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...options.permissions ?? ["--allow-all"], options.main ?? MAIN],
    env: {
      APP_ENV: "test",
      PORT: "0",
      BCRYPT_ROUNDS: "4",
      SECRET_KEY: REPLICAS_SECRET_KEY,
      // One isolate unless a test asks for more (API_WORKERS defaults to the core count).
      API_WORKERS: "1",
      ...env,
      ...smtp,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
  };
  try {
    const url = await listeningUrl(child.stdout);
    return { url, process: child, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Reads stdout until the "listening on" line, then keeps draining it so the pipe never fills. */
async function listeningUrl(stdout: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<string> {
  const lines = stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const deadline = setTimeout(() => lines.cancel("timed out"), 20_000);
  try {
    while (true) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`the API exited before listening:\n${buffer}`);
      buffer += value;
      const match = /listening on (http:\/\/\S+)/.exec(buffer);
      if (match) {
        (async () => {
          while (!(await lines.read()).done) { /* drain */ }
        })().catch(() => {});
        return match[1];
      }
    }
  } finally {
    clearTimeout(deadline);
  }
}
