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

export const silentLogger: Logger = { info() {}, error() {} };

/** Appends to a file; the test task collects every test server's log this way. */
export function fileLogger(path: string): Logger {
  return jsonLogger((line) => Deno.writeTextFileSync(path, line + "\n", { append: true }));
}
