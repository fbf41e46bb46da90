/**
 * Introspection against /auth/status at the same concurrency: both verify the same token and
 * re-read its user and session; introspection also checks the service's credentials and counts
 * it against the service's rate limit.
 */
import type { Sql } from "../api/db.ts";
import { registerService } from "../api/services/service.ts";
import type { Bench } from "./measure.ts";
import { formatRate, judge, type Row } from "./report.ts";
import type { WrkOptions, WrkResult } from "./wrk.ts";

const SECONDS = 5;
const ROUNDS = 2;
export const INTROSPECT_TARGET = 0.5;

/** The two requests, each as wrk sends it. */
export function introspectRequests(
  base: string,
  token: string,
  service: { clientId: string; clientSecret: string },
  connections: number,
): { introspect: Omit<WrkOptions, "seconds">; status: Omit<WrkOptions, "seconds"> } {
  return {
    introspect: {
      url: `${base}/auth/introspect`,
      method: "POST",
      headers: {
        Authorization: `Basic ${btoa(`${service.clientId}:${service.clientSecret}`)}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token }).toString(),
      connections,
    },
    status: {
      url: `${base}/auth/status`,
      headers: { Authorization: `Bearer ${token}` },
      connections,
    },
  };
}

/** The row: introspections per second over status requests per second, best round of each. */
export function introspectRow(
  connections: number,
  introspect: WrkResult[],
  status: WrkResult[],
): Row {
  const best = (results: WrkResult[]) =>
    results.reduce((a, b) => (b.okPerSecond > a.okPerSecond ? b : a));
  const ours = best(introspect);
  const reference = best(status);
  const bad = [...introspect, ...status].reduce((n, r) => n + r.badStatus + r.socketErrors, 0);
  const ratio = ours.okPerSecond / reference.okPerSecond;
  return {
    metric: `POST /auth/introspect direct, ${connections} connections`,
    measured: `${formatRate(ours.okPerSecond)} req/s${bad > 0 ? ` (${bad} errors)` : ""}`,
    reference: `${formatRate(reference.okPerSecond)} req/s GET /auth/status, same token`,
    ratio,
    target: `≥ ${INTROSPECT_TARGET}`,
    pass: bad === 0 && judge(ratio, { atLeast: INTROSPECT_TARGET }),
  };
}

/**
 * Registers a service (as the database's owner, like `service:create`), then measures the two in
 * turns, round after round, so a burst of load elsewhere does not land on one of them only.
 */
export async function introspectThroughput(bench: Bench, ownerSql: Sql): Promise<Row> {
  if (!bench.apiUrl) throw new Error("needs the API's own port");
  const { service, clientSecret } = await registerService(
    ownerSql,
    `bench-${crypto.randomUUID().slice(0, 8)}`,
  );
  const requests = introspectRequests(
    bench.apiUrl,
    bench.user.token,
    { clientId: service.clientId, clientSecret },
    bench.connections,
  );
  await bench.wrk.run({ ...requests.introspect, seconds: 1 }); // warm-up
  const introspect: WrkResult[] = [];
  const status: WrkResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await bench.settle(`introspection round ${round}`);
    bench.log(`introspection round ${round} of ${ROUNDS}: ${bench.connections} connections`);
    introspect.push(await bench.wrk.run({ ...requests.introspect, seconds: SECONDS }));
    status.push(await bench.wrk.run({ ...requests.status, seconds: SECONDS }));
  }
  return introspectRow(bench.connections, introspect, status);
}
