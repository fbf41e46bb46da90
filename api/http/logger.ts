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

/**
 * Lines for stdout, written together once per turn of the event loop: one write for all the
 * requests a busy turn answered, not one each (a write per line showed in the profile of
 * /auth/status under load). A crash loses at most that turn's lines.
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
  return (line) => {
    if (pending === "") setTimeout(flush, 0);
    pending += line + "\n";
  };
}

export const silentLogger: Logger = { info() {}, error() {} };

/** Appends to a file; the test task collects every test server's log this way. */
export function fileLogger(path: string): Logger {
  return jsonLogger((line) => Deno.writeTextFileSync(path, line + "\n", { append: true }));
}
