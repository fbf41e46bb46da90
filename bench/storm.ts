/**
 * Logins during a password-guessing storm from many networks: what the owner of an account still
 * gets, logging in from a browser it knows (its device cookie), against the same logins with no
 * storm; and /ping's p99 meanwhile against the idle server's. The storm guesses unknown emails,
 * so every guess costs a full comparison at the pool's cost (the dummy hash), and the bench
 * stack's rate limits are out of the way: only the login queue (LOGIN_QUEUE_MAX) stands between
 * the storm and the password workers.
 */
import type { Bench } from "./measure.ts";
import type { PingResult } from "./ping.ts";
import { formatMs, formatRate, judge, percentile, type Row } from "./report.ts";
import type { WrkResult } from "./wrk.ts";

const NETWORKS = 256;
const LOGIN_SECONDS = 5;
const PING_SAMPLES = 500;
const PING_PAUSE_MS = 2;

/**
 * The storm's wrk `request` hook: each guess from the next of `networks` IPv4 networks (via
 * X-Forwarded-For, which the API believes from the bench's own address) at the next unknown email.
 */
export function stormLua(networks: number): string {
  return [
    "local n = 0",
    "request = function()",
    "  n = n + 1",
    `  local net = n % ${networks}`,
    '  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.1", math.floor(net / 256) % 256, net % 256)',
    `  local body = string.format('{"email":"guess-%d@storm.example","password":"guess %d"}', n, n)`,
    "  return wrk.format(nil, nil, nil, body)",
    "end",
  ].join("\n");
}

/** The value of the `login_device` cookie among a response's Set-Cookie headers. */
export function deviceCookie(headers: Headers): string {
  const line = headers.getSetCookie().find((cookie) => cookie.startsWith("login_device="));
  if (!line) throw new Error("the login set no device cookie");
  return line.split(";")[0];
}

export type StormFigures = {
  alone: WrkResult;
  stormed: WrkResult;
  storm: WrkResult;
  idlePings: number[];
  stormPings: PingResult;
  via: string;
};

/** The two rows, from what was measured (kept apart from the measuring, to be tested). */
export function stormRows(
  { alone, stormed, storm, idlePings, stormPings, via }: StormFigures,
): Row[] {
  const ratio = stormed.okPerSecond / alone.okPerSecond;
  const idleP99 = percentile(idlePings, 99);
  const pingRatio = stormPings.p99Ms / idleP99;
  const stormNote = `storm: ${formatRate(storm.requests / storm.seconds)} guesses/s from ` +
    `${NETWORKS} networks, all refused`;
  return [{
    metric: `POST /auth/login from a known browser during a guessing storm${via}`,
    measured: `${formatRate(stormed.okPerSecond)} logins/s (${stormNote})`,
    reference: `${formatRate(alone.okPerSecond)} logins/s without the storm`,
    ratio,
    target: "≥ 0.5",
    pass: judge(ratio, { atLeast: 0.5 }) && stormed.badStatus === 0 && storm.requests > 0 &&
      storm.badStatus === storm.requests,
  }, {
    metric: `/ping p99 during the guessing storm${via}`,
    measured: `${formatMs(stormPings.p99Ms)} (p50 ${formatMs(stormPings.p50Ms)}, ` +
      `${stormPings.latencies.length} pings)`,
    reference: `${formatMs(idleP99)} idle (p50 ${formatMs(percentile(idlePings, 50))}, ` +
      `${idlePings.length} pings)`,
    ratio: pingRatio,
    target: "≤ 3",
    pass: judge(pingRatio, { atMost: 3 }),
  }];
}

export async function loginsUnderStorm(bench: Bench): Promise<Row[]> {
  const base = bench.apiUrl ?? bench.siteUrl;
  const first = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: bench.user.email, password: bench.user.password }),
  });
  await first.body?.cancel();
  if (first.status !== 200) throw new Error(`the owner's first login answered ${first.status}`);
  const owner = {
    url: `${base}/auth/login`,
    method: "POST" as const,
    headers: { "Content-Type": "application/json", Cookie: deviceCookie(first.headers) },
    body: JSON.stringify({ email: bench.user.email, password: bench.user.password }),
    connections: bench.connections,
  };
  const pings = () =>
    bench.helper<PingResult>("ping.ts", [`${base}/ping`, `${PING_SAMPLES}`, `${PING_PAUSE_MS}`]);

  await bench.settle("the logins without a storm");
  await bench.wrk.run({ ...owner, seconds: 1 }); // warm-up
  bench.log(`owner's logins alone: ${bench.connections} connections, ${LOGIN_SECONDS} s`);
  const alone = await bench.wrk.run({ ...owner, seconds: LOGIN_SECONDS });
  bench.log(`/ping idle: ${PING_SAMPLES} sequential requests`);
  const idle = await pings();

  const connections = 4 * bench.connections;
  bench.log(`storm: ${connections} connections guessing from ${NETWORKS} networks`);
  const storm = await bench.wrk.start({
    url: `${base}/auth/login`,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    lua: stormLua(NETWORKS),
    connections,
    seconds: 120,
  });
  let stormed: WrkResult;
  let stormPings: PingResult;
  try {
    // Long enough for the queue to fill and the 503s to start.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    bench.log(`owner's logins during the storm: ${LOGIN_SECONDS} s`);
    stormed = await bench.wrk.run({ ...owner, seconds: LOGIN_SECONDS });
    bench.log(`/ping during the storm: ${PING_SAMPLES} sequential requests`);
    stormPings = await pings();
  } finally {
    storm.stop();
  }
  return stormRows({
    alone,
    stormed,
    storm: await storm.result,
    idlePings: idle.latencies,
    stormPings,
    via: bench.apiUrl ? "" : " (via Caddy)",
  });
}
