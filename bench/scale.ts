/**
 * Flat costs as tables grow: login and `GET /auth/status` latency with ten million audit events,
 * a million sessions and a million rate-limit rows (bench/scale_fill.ts), against the same with
 * near-empty tables, each database behind its own API process, measured in turns.
 */
import { type Bench, registerUser } from "./measure.ts";
import { formatMs, judge, percentile, type Row } from "./report.ts";

export type Sized = { apiUrl: string; label: string };

const ROUNDS = 3;
const LOGIN_SECONDS = 3;
const STATUS_SECONDS = 2;
const TARGET = 1.3;

/**
 * p50 of logins (one connection: one bcrypt at cost 12 each, then the rate-limit rows, the
 * session, its refresh token, the audit event and the new-device mail) and of `/auth/status`
 * (one connection), large against small. Each round measures all four in turns, and each figure
 * is the median of its rounds, so a burst of load elsewhere cannot land on one size only.
 */
export async function flatCosts(bench: Bench, small: Sized, large: Sized): Promise<Row[]> {
  type Run = {
    kind: "login" | "status";
    size: "small" | "large";
    request: Request;
    p50s: number[];
  };
  type Request = Parameters<Bench["wrk"]["run"]>[0];
  const runs: Run[] = [];
  for (const [size, sized] of [["small", small], ["large", large]] as const) {
    const user = await registerUser(sized.apiUrl);
    const login: Request = {
      url: `${sized.apiUrl}/auth/login`,
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: user.email, password: user.password }),
      connections: 1,
      seconds: LOGIN_SECONDS,
    };
    const status: Request = {
      url: `${sized.apiUrl}/auth/status`,
      headers: { Authorization: `Bearer ${user.token}` },
      connections: 1,
      seconds: STATUS_SECONDS,
    };
    runs.push({ kind: "login", size, request: login, p50s: [] });
    runs.push({ kind: "status", size, request: status, p50s: [] });
    // Warm-up: the password workers, the JIT, the pool's connections, the indexes' upper pages.
    await bench.wrk.run({ ...login, seconds: 1 });
    await bench.wrk.run({ ...status, seconds: 1 });
  }
  for (let round = 1; round <= ROUNDS; round++) {
    await bench.settle(`large tables round ${round}`);
    bench.log(`large tables round ${round} of ${ROUNDS}: login and /auth/status, both sizes`);
    for (const run of runs) {
      const result = await bench.wrk.run(run.request);
      if (result.badStatus > 0 || result.requests === 0) {
        throw new Error(`${run.request.url}: ${result.badStatus} of ${result.requests} failed`);
      }
      run.p50s.push(result.p50Ms);
    }
  }
  const median = (kind: Run["kind"], size: Run["size"]) =>
    percentile(runs.find((run) => run.kind === kind && run.size === size)!.p50s, 50);
  return (["login", "status"] as const).map((kind) => {
    const ratio = median(kind, "large") / median(kind, "small");
    return {
      metric: `${kind === "login" ? "POST /auth/login" : "GET /auth/status"} p50, ${large.label}`,
      measured: formatMs(median(kind, "large")),
      reference: `${formatMs(median(kind, "small"))} with ${small.label}`,
      ratio,
      target: `≤ ${TARGET}`,
      pass: judge(ratio, { atMost: TARGET }),
    };
  });
}
