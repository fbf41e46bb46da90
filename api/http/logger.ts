/**
 * Structured logs: one JSON object per line. What goes in is chosen by the callers, which never
 * pass a password, token, cookie or hash (a check over the whole test suite's log enforces it).
 */
export type LogEntry = Record<string, string | number | boolean | null | undefined>;
export type Logger = { info(entry: LogEntry): void; error(entry: LogEntry): void };

export function jsonLogger(write: (line: string) => void): Logger {
  const emit = (level: string, entry: LogEntry) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, ...entry }));
  return {
    info: (entry) => emit("info", entry),
    error: (entry) => emit("error", entry),
  };
}

const FLUSH_MS = 20;
const FLUSH_BYTES = 65_536;

/**
 * Lines for stdout, written together at most FLUSH_MS later (or at 64 kB): one write for all the
 * requests answered meanwhile, not one each (a write per line showed in the profile of
 * /auth/status under load). A crash loses at most the last FLUSH_MS of lines.
 */
export function batchedStdout(): (line: string) => void {
  const encoder = new TextEncoder();
  let pending = "";
  function flush() {
    const text = pending;
    pending = "";
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
  }
  globalThis.addEventListener("unload", () => pending && flush());
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (line) => {
    if (pending === "") {
      timer = setTimeout(flush, FLUSH_MS);
      Deno.unrefTimer(timer as unknown as number);
    }
    pending += line + "\n";
    if (pending.length > FLUSH_BYTES) {
      clearTimeout(timer);
      flush();
    }
  };
}

export const silentLogger: Logger = { info() {}, error() {} };

/** Appends to a file; the test task collects every test server's log this way. */
export function fileLogger(path: string): Logger {
  return jsonLogger((line) => Deno.writeTextFileSync(path, line + "\n", { append: true }));
}
