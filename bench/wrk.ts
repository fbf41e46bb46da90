/**
 * Drives Debian's `wrk` from a separate process. Each run gets a Lua script (method, headers,
 * body) whose `done` hook prints wrk's own counters as one JSON line, so nothing depends on the
 * layout of wrk's human-readable report.
 */
import { ensureProgram } from "../tools/stack/system_packages.ts";

export const WRK = {
  command: "wrk",
  debianPackage: "wrk",
  purpose: "load the API in `deno task bench`",
};

export type WrkRequest = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** More Lua for the script, e.g. a `request` function that varies each request. */
  lua?: string;
};

export type WrkOptions = WrkRequest & {
  url: string;
  connections: number;
  seconds: number;
};

export type WrkResult = {
  requests: number;
  seconds: number;
  /** Answers outside 2xx/3xx. */
  badStatus: number;
  /** Connect, read, write and timeout errors together. */
  socketErrors: number;
  /** Good answers per second. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
};

export type RunningWrk = {
  result: Promise<WrkResult>;
  /** Ends the run early; wrk still reports what it measured until then. */
  stop(): void;
};

const MARKER = "BENCH_JSON ";

/** A Lua string literal for any text: printable ASCII as is, everything else as \ddd bytes. */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (byte >= 0x20 && byte < 0x7f) out += char;
    else out += `\\${byte.toString().padStart(3, "0")}`;
  }
  return `${out}"`;
}

/** The wrk script for one kind of request; `done` prints the counters as JSON. */
export function wrkScript(request: WrkRequest): string {
  const lines = [`wrk.method = ${luaString(request.method ?? "GET")}`];
  if (request.body !== undefined) lines.push(`wrk.body = ${luaString(request.body)}`);
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  if (request.lua !== undefined) lines.push(request.lua);
  lines.push(
    "done = function(summary, latency, requests)",
    "  local e = summary.errors",
    `  io.write(string.format(${
      luaString(
        `${MARKER}{"requests":%d,"duration_us":%d,"status":%d,"socket":%d,` +
          `"p50_us":%d,"p99_us":%d}\n`,
      )
    },`,
    "    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,",
    "    latency:percentile(50), latency:percentile(99)))",
    "end",
  );
  return lines.join("\n") + "\n";
}

/** Reads the JSON line the script's `done` hook printed among wrk's report. */
export function parseWrkOutput(output: string): WrkResult {
  const line = output.split("\n").find((text) => text.startsWith(MARKER));
  if (!line) throw new Error(`wrk printed no result:\n${output.trim()}`);
  const raw = JSON.parse(line.slice(MARKER.length));
  const seconds = raw.duration_us / 1e6;
  return {
    requests: raw.requests,
    seconds,
    badStatus: raw.status,
    socketErrors: raw.socket,
    okPerSecond: seconds > 0 ? (raw.requests - raw.status) / seconds : 0,
    p50Ms: raw.p50_us / 1000,
    p99Ms: raw.p99_us / 1000,
  };
}

/** Binds wrk (installed on first use) and a directory for its scripts. */
export async function createWrk(scriptDir: string, track: (child: Deno.ChildProcess) => void) {
  const wrk = await ensureProgram(WRK);
  let scripts = 0;

  async function start(options: WrkOptions): Promise<RunningWrk> {
    const script = `${scriptDir}/run_${++scripts}.lua`;
    await Deno.writeTextFile(script, wrkScript(options));
    const child = new Deno.Command(wrk, {
      args: [
        "--threads",
        "1",
        "--connections",
        String(options.connections),
        "--duration",
        `${options.seconds}s`,
        "--timeout",
        "30s",
        "--script",
        script,
        options.url,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    track(child);
    const result = child.output().then((out) => {
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      if (!out.success) throw new Error(`wrk failed (exit ${out.code}):\n${text.trim()}`);
      return parseWrkOutput(text);
    });
    return {
      result,
      stop() {
        try {
          child.kill("SIGINT");
        } catch {
          // already finished
        }
      },
    };
  }

  return {
    start,
    async run(options: WrkOptions): Promise<WrkResult> {
      return await (await start(options)).result;
    },
  };
}

export type Wrk = Awaited<ReturnType<typeof createWrk>>;
