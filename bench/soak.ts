/**
 * `deno task bench --soak[=SECONDS]` (600 by default; not in CI): mixed traffic for that long
 * against the API on the large database, each client a user of its own going through what a
 * browser does (log in, read its status, list pages, refresh, now and then log out and in
 * again), while the API's resident memory is sampled. Memory at the end must be within 10% of
 * what it was after the first minute (medians of a minute each), and no answer may be an error.
 */
import type { Bench } from "./measure.ts";
import { registerUser } from "./measure.ts";
import { percentile, type Row } from "./report.ts";

export const SOAK_DEFAULT_SECONDS = 600;
const SAMPLE_MS = 5_000;
const GROWTH_LIMIT = 1.1;

type Kind = "login" | "status" | "users page" | "activity page" | "refresh" | "logout";
type Tally = { requests: Record<Kind, number>; errors: string[] };

/** `--soak` alone: the default; `--soak=60`: a minute. Undefined without the flag. */
export function soakSeconds(args: string[]): number | undefined {
  const flag = args.find((arg) => arg === "--soak" || arg.startsWith("--soak="));
  if (flag === undefined) return undefined;
  if (flag === "--soak") return SOAK_DEFAULT_SECONDS;
  const seconds = Number(flag.slice("--soak=".length));
  if (!Number.isInteger(seconds) || seconds < 30) {
    throw new Error(`--soak=SECONDS takes a whole number of seconds, at least 30: ${flag}`);
  }
  return seconds;
}

/** Resident memory (kB) of a process and all its descendants, read from /proc. */
export async function treeRssKb(root: number): Promise<number> {
  const parents = new Map<number, number>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      parents.set(Number(entry.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      const status = await Deno.readTextFile(`/proc/${pid}/status`);
      kb += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    } catch {
      // exited while we looked
    }
  }
  return kb;
}

/** One client: a browser's session, from its login until the deadline. */
async function client(apiUrl: string, deadline: number, tally: Tally): Promise<void> {
  const user = await registerUser(apiUrl);
  let token = "";
  let cookie = "";
  async function call(kind: Kind, path: string, init: RequestInit = {}) {
    tally.requests[kind]++;
    const headers = new Headers(init.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    if (cookie) headers.set("Cookie", cookie);
    try {
      const res = await fetch(`${apiUrl}${path}`, { ...init, headers });
      const body = await res.json();
      if (!res.ok) {
        tally.errors.push(`${kind}: ${res.status} ${body.message}`);
        return undefined;
      }
      const refresh = res.headers.getSetCookie().find((c) => c.startsWith("refresh_token="));
      if (refresh) cookie = refresh.split(";")[0];
      if (typeof body.auth_token === "string") token = body.auth_token;
      return body;
    } catch (error) {
      tally.errors.push(`${kind}: ${error instanceof Error ? error.message : error}`);
      return undefined;
    }
  }
  const logIn = () =>
    call("login", "/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
  await logIn();
  for (let i = 1; Date.now() < deadline; i++) {
    await call("status", "/auth/status");
    if (i % 5 === 0) await call("users page", "/users?limit=20");
    if (i % 7 === 0) await call("activity page", "/auth/activity?limit=20");
    if (i % 25 === 0) await call("refresh", "/auth/refresh", { method: "POST" });
    if (i % 500 === 0) {
      await call("logout", "/auth/logout", { method: "POST" });
      token = "";
      cookie = "";
      await logIn();
    }
  }
}

/**
 * The soak's two rows. Clients: one per core, each as fast as the API answers it. Resident memory
 * is sampled every 5 s; a single sample lands anywhere on the saw-tooth of V8's garbage collector
 * (tens of MB on a heap of this size), so each figure is the median of a window: the minute after
 * the first (warm-up) minute, against the last minute (a third of a shorter run each).
 */
export async function soak(
  bench: Bench,
  target: { apiUrl: string; pid: number; label: string },
  seconds: number,
): Promise<Row[]> {
  const tally: Tally = {
    requests: {
      login: 0,
      status: 0,
      "users page": 0,
      "activity page": 0,
      refresh: 0,
      logout: 0,
    },
    errors: [],
  };
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const windowMs = Math.min(60, seconds / 3) * 1000;
  bench.log(`soak: ${seconds} s of mixed traffic from ${bench.cores} clients, ${target.label}`);
  const samples: { at: number; kb: number }[] = [];
  const sampler = setInterval(async () => {
    const kb = await treeRssKb(target.pid);
    const at = Date.now() - started;
    samples.push({ at, kb });
    if (samples.length % 6 === 0) {
      bench.log(`soak: ${Math.round(kb / 1024)} MB after ${Math.round(at / 1000)} s`);
    }
  }, SAMPLE_MS);
  try {
    const clients = Array.from(
      { length: bench.cores },
      () => client(target.apiUrl, deadline, tally),
    );
    await Promise.all(clients);
  } finally {
    clearInterval(sampler);
  }
  const during = (from: number, to: number) =>
    samples.filter((sample) => sample.at >= from && sample.at < to).map((sample) => sample.kb);
  const first = percentile(during(windowMs, 2 * windowMs), 50);
  const last = percentile(during(seconds * 1000 - windowMs, Infinity), 50);
  const ratio = last / first;
  const total = Object.values(tally.requests).reduce((sum, n) => sum + n, 0);
  const all = samples.map((sample) => sample.kb);
  const mix = Object.entries(tally.requests).map(([kind, n]) =>
    `${n.toLocaleString("en-US")} ${kind}`
  )
    .join(", ");
  for (const error of new Set(tally.errors)) bench.log(`soak error: ${error}`);
  const minutes = seconds >= 120 ? `${seconds / 60} min` : `${seconds} s`;
  const span = (from: number) =>
    `${Math.round(from / 1000)}–${Math.round((from + windowMs) / 1000)} s`;
  return [
    {
      metric: `API resident memory after a ${minutes} soak, ${target.label}`,
      measured: `${mb(last)} median of ${span(seconds * 1000 - windowMs)} ` +
        `(samples ${mb(Math.min(...all))} to ${mb(Math.max(...all))})`,
      reference: `${mb(first)} median of ${span(windowMs)}`,
      ratio,
      target: `≤ ${GROWTH_LIMIT}`,
      pass: ratio <= GROWTH_LIMIT,
    },
    {
      metric: `error answers during the ${minutes} soak`,
      measured: `${tally.errors.length} of ${total.toLocaleString("en-US")} requests`,
      reference: mix,
      target: "0",
      pass: tally.errors.length === 0,
    },
  ];
}

function mb(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}
