/**
 * The benchmark's measurements. Each one takes its reference in the same run, right next to the
 * figure it is compared with, so a ratio holds even when the machine's speed drifts.
 */
import type { BcryptResult } from "./bcrypt.ts";
import type { PingResult } from "./ping.ts";
import { formatMs, formatRate, judge, percentile, type Row } from "./report.ts";
import type { Wrk } from "./wrk.ts";

export type Bench = {
  wrk: Wrk;
  /** The API's own port; undefined against BENCH_URL, where only the site (Caddy) is known. */
  apiUrl?: string;
  /** Through Caddy. */
  siteUrl: string;
  cores: number;
  /** Connections of each load run (2 × cores). */
  connections: number;
  user: { email: string; password: string; token: string };
  /** Runs a helper in bench/ (bcrypt.ts, ping.ts) as its own process and returns its JSON line. */
  helper<T>(script: string, args: string[]): Promise<T>;
  /** Waits for other processes to leave the CPU alone (or notes that they did not). */
  settle(before: string): Promise<void>;
  log(line: string): void;
};

const LOGIN_SECONDS = 10;
const BCRYPT_SECONDS = 3;
const PING_SAMPLES = 1500;
const PING_PAUSE_MS = 2;

function loginRequest(bench: Bench) {
  return {
    url: `${bench.apiUrl ?? bench.siteUrl}/auth/login`,
    method: "POST" as const,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: bench.user.email, password: bench.user.password }),
    connections: bench.connections,
  };
}

function errorsNote(result: { badStatus: number; socketErrors: number }): string {
  const parts = [];
  if (result.badStatus > 0) parts.push(`${result.badStatus} non-2xx`);
  if (result.socketErrors > 0) parts.push(`${result.socketErrors} socket errors`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

/** Logins per second against what the cores could hash if they did nothing else. */
export async function loginThroughput(bench: Bench): Promise<Row> {
  // Starts every password worker and lets V8 optimise bcrypt in each before the clock runs.
  await bench.wrk.run({ ...loginRequest(bench), seconds: 2 });
  await bench.settle("the login throughput");
  // The reference is taken just before and just after the logins, and averaged.
  const single = () => bench.helper<BcryptResult>("bcrypt.ts", ["12", `${BCRYPT_SECONDS}`]);
  bench.log(`bcrypt: one thread, cost 12, ${BCRYPT_SECONDS} s`);
  const before = await single();
  bench.log(`logins: ${bench.connections} connections, ${LOGIN_SECONDS} s`);
  const result = await bench.wrk.run({ ...loginRequest(bench), seconds: LOGIN_SECONDS });
  bench.log(`bcrypt again: one thread, cost 12, ${BCRYPT_SECONDS} s`);
  const after = await single();
  const perThread = (before.perSecond + after.perSecond) / 2;
  const reference = bench.cores * perThread;
  const ratio = result.okPerSecond / reference;
  return {
    metric: `POST /auth/login at cost 12, ${bench.connections} connections` +
      (bench.apiUrl ? "" : " (via Caddy)"),
    measured: `${formatRate(result.okPerSecond)} logins/s${errorsNote(result)}`,
    reference: `${formatRate(reference)} hashes/s = ${bench.cores} cores × ` +
      `${formatRate(perThread)} (1 thread)`,
    ratio,
    target: "≥ 0.85",
    pass: judge(ratio, { atLeast: 0.85 }) && result.badStatus === 0,
  };
}

/**
 * /ping's p99 while the hash pool is saturated, against its p99 on the idle server, sampled just
 * before and just after the loaded run.
 */
export async function pingUnderLogins(bench: Bench): Promise<Row> {
  const url = `${bench.apiUrl ?? bench.siteUrl}/ping`;
  const pings = () =>
    bench.helper<PingResult>("ping.ts", [url, `${PING_SAMPLES}`, `${PING_PAUSE_MS}`]);
  await bench.settle("the idle /ping");
  bench.log(`/ping idle: ${PING_SAMPLES} sequential requests`);
  const before = await pings();

  bench.log(`/ping again while ${bench.connections} connections log in`);
  const logins = await bench.wrk.start({ ...loginRequest(bench), seconds: 60 });
  let loaded: PingResult;
  try {
    // Long enough for every password worker to be busy and the queue to fill.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    loaded = await pings();
  } finally {
    logins.stop();
  }
  const load = await logins.result;
  bench.log(`/ping idle again: ${PING_SAMPLES} sequential requests`);
  const after = await pings();
  const idle = [...before.latencies, ...after.latencies];
  const idleP99 = percentile(idle, 99);
  const ratio = loaded.p99Ms / idleP99;
  return {
    metric: "/ping p99 while logins saturate the hash pool" + (bench.apiUrl ? "" : " (via Caddy)"),
    measured: `${formatMs(loaded.p99Ms)} (p50 ${formatMs(loaded.p50Ms)}, ` +
      `${loaded.latencies.length} pings, ${formatRate(load.okPerSecond)} logins/s` +
      `${errorsNote(load)})`,
    reference: `${formatMs(idleP99)} idle (p50 ${formatMs(percentile(idle, 50))}, ` +
      `${idle.length} pings)`,
    ratio,
    target: "≤ 3",
    pass: judge(ratio, { atMost: 3 }) && load.requests > 0,
  };
}

/** Parses `tps = 12345.6 (without initial connection time)` from pgbench's report. */
export function pgbenchTps(output: string): number {
  const match = /^tps = ([\d.]+) \(without initial connection time\)/m.exec(output);
  if (!match) throw new Error(`pgbench printed no tps:\n${output.trim()}`);
  return Number(match[1]);
}

/** Issue 15's concurrency for the /auth/status rows, whatever the core count. */
export const STATUS_CONNECTIONS = 16;

/** Rounds of the /auth/status rows, each the API and pgbench in turns; the median round counts. */
export const STATUS_ROUNDS = 3;

/** The index of the round whose ratio is the median (the lower middle for an even count). */
export function medianRound(ratios: number[]): number {
  const order = ratios.map((_, i) => i).sort((a, b) => ratios[a] - ratios[b]);
  return order[Math.floor((order.length - 1) / 2)];
}

/**
 * Authenticated requests per second (verify the JWT, the user and session from the auth cache)
 * against PostgreSQL's own best case for one indexed read: pgbench's select-only script; and the
 * same through Caddy against the direct figure. The API and pgbench are measured in turns, round
 * after round, and the median round's figures count: measured once each, one after the other, a
 * burst of other work during either moved the ratio (0.28 and 0.59 in two runs of the same code).
 */
export async function statusThroughput(
  bench: Bench,
  pgbench?: (args: string[]) => Promise<string>,
): Promise<Row[]> {
  const seconds = 5;
  const connections = STATUS_CONNECTIONS;
  const request = (base: string) => ({
    url: `${base}/auth/status`,
    headers: { Authorization: `Bearer ${bench.user.token}` },
    connections,
  });
  const targets: [string, string][] = bench.apiUrl
    ? [["direct", bench.apiUrl], ["via Caddy", bench.siteUrl]]
    : [["via Caddy", bench.siteUrl]];
  for (const [, base] of targets) {
    await bench.wrk.run({ ...request(base), seconds: 1 }); // warm-up: JIT, pool connections
  }
  type Round = { rates: Map<string, { okPerSecond: number; note: string }>; tps?: number };
  const rounds: Round[] = [];
  for (let round = 1; round <= STATUS_ROUNDS; round++) {
    await bench.settle(`/auth/status round ${round}`);
    const rates = new Map<string, { okPerSecond: number; note: string }>();
    for (const [label, base] of targets) {
      bench.log(
        `/auth/status ${label}, round ${round} of ${STATUS_ROUNDS}: ${connections} connections`,
      );
      const result = await bench.wrk.run({ ...request(base), seconds });
      rates.set(label, { okPerSecond: result.okPerSecond, note: errorsNote(result) });
    }
    let tps: number | undefined;
    if (pgbench) {
      bench.log(`pgbench -S -M prepared, round ${round}: ${connections} clients, ${seconds} s`);
      const c = String(connections);
      tps = pgbenchTps(
        await pgbench(["-S", "-M", "prepared", "-c", c, "-j", "1", "-T", String(seconds), "-n"]),
      );
    }
    rounds.push({ rates, tps });
  }
  const rounding = (ratios: number[]) =>
    `median of ${STATUS_ROUNDS} rounds in turns: ${ratios.map((r) => r.toFixed(2)).join(", ")}`;
  return targets.map(([label]) => {
    const metric = `GET /auth/status ${label}, ${connections} connections`;
    if (label === "direct") {
      if (!pgbench) {
        const { okPerSecond, note } = rounds[0].rates.get(label)!;
        return {
          metric,
          measured: `${formatRate(okPerSecond)} req/s${note}`,
          reference: "pgbench needs the database",
          target: "≥ 0.35",
        };
      }
      const ratios = rounds.map((round) => round.rates.get(label)!.okPerSecond / round.tps!);
      const median = medianRound(ratios);
      const { okPerSecond, note } = rounds[median].rates.get(label)!;
      return {
        metric,
        measured: `${formatRate(okPerSecond)} req/s${note} (${rounding(ratios)})`,
        reference: `${
          formatRate(rounds[median].tps!)
        } tps pgbench -S -M prepared -c ${connections}`,
        ratio: ratios[median],
        target: "≥ 0.35",
        pass: judge(ratios[median], { atLeast: 0.35 }),
      };
    }
    if (!bench.apiUrl) {
      const { okPerSecond, note } = rounds[0].rates.get(label)!;
      return {
        metric,
        measured: `${formatRate(okPerSecond)} req/s${note}`,
        reference: "no direct port (BENCH_URL)",
        target: "≥ 0.6",
      };
    }
    const ratios = rounds.map((round) =>
      round.rates.get(label)!.okPerSecond / round.rates.get("direct")!.okPerSecond
    );
    const median = medianRound(ratios);
    const { okPerSecond, note } = rounds[median].rates.get(label)!;
    return {
      metric,
      measured: `${formatRate(okPerSecond)} req/s${note} (${rounding(ratios)})`,
      reference: `${formatRate(rounds[median].rates.get("direct")!.okPerSecond)} req/s direct`,
      ratio: ratios[median],
      target: "≥ 0.6",
      pass: judge(ratios[median], { atLeast: 0.6 }),
    };
  });
}

/** A user of its own for the run, registered through the site like anybody. */
export async function registerUser(siteUrl: string): Promise<Bench["user"]> {
  const id = crypto.randomUUID().slice(0, 8);
  const user = { email: `bench-${id}@example.com`, password: `bench-password-${id}` };
  const res = await fetch(`${siteUrl}/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: `bench_${id}`, ...user }),
  });
  const body = await res.json();
  if (res.status !== 201) {
    throw new Error(`registering the bench user: ${res.status} ${body.message}`);
  }
  return { ...user, token: body.auth_token };
}
