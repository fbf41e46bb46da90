/**
 * What instant revocation costs with the auth cache: two API processes on one database (replica
 * A and replica B, bcrypt at cost 4 so that a thousand logins take seconds), a session that B
 * has in its memory, a logout on A, and the time from A's answer to B's first 401 for that token.
 * The logout's own duration is reported beside it: the barrier it waits for is the price.
 */
import { formatMs, judge, percentile, type Row } from "./report.ts";

export const TRIALS = 1000;
const TARGET_MS = 50;

export type Replicas = { a: string; b: string };

async function json(url: string, init: RequestInit = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
  return { status: res.status, body: await res.json() };
}

async function statusCode(url: string, token: string): Promise<number> {
  const res = await fetch(`${url}/auth/status`, { headers: { Authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.status;
}

/** The row: p99 of the trials' "A answered → B said 401" times, against a 50 ms target. */
export function revocationRow(latencies: number[], logouts: number[], acceptedAfter = 0): Row {
  const p99 = percentile(latencies, 99);
  // A 200 for a request sent after the logout answered breaks the guarantee: the row fails.
  const broken = acceptedAfter > 0 ? `; **${acceptedAfter} requests let in after the answer**` : "";
  return {
    metric: `revocation: logout on replica A → first 401 on replica B, p99 of ${latencies.length}`,
    measured: `${formatMs(p99)} (p50 ${formatMs(percentile(latencies, 50))}, max ${
      formatMs(Math.max(...latencies))
    }${broken})`,
    reference: `the logout itself: p50 ${formatMs(percentile(logouts, 50))}, p99 ${
      formatMs(percentile(logouts, 99))
    }`,
    target: `≤ ${TARGET_MS} ms`,
    pass: judge(p99 / TARGET_MS, { atMost: 1 }) && latencies.length > 0 && acceptedAfter === 0,
  };
}

export async function revocationLatency(
  replicas: Replicas,
  log: (line: string) => void,
  trials = TRIALS,
): Promise<Row> {
  const id = crypto.randomUUID().slice(0, 8);
  const user = { email: `revoke-${id}@example.com`, password: `revoke-password-${id}` };
  const registered = await json(`${replicas.a}/auth/register`, {
    method: "POST",
    body: JSON.stringify({ username: `revoke_${id}`, ...user }),
  });
  if (registered.status !== 201) {
    throw new Error(`registering on replica A: ${registered.status} ${registered.body.message}`);
  }
  log(`revocation: ${trials} logouts on A, each followed by requests to B until it refuses`);
  const latencies: number[] = [];
  const logouts: number[] = [];
  let acceptedAfter = 0;
  for (let trial = 0; trial < trials; trial++) {
    const login = await json(`${replicas.a}/auth/login`, {
      method: "POST",
      body: JSON.stringify(user),
    });
    if (login.status !== 200) throw new Error(`login on replica A answered ${login.status}`);
    const token: string = login.body.auth_token;
    // B reads the session once and keeps it: what follows must take it out of B's memory.
    for (let warm = 0; warm < 2; warm++) {
      const code = await statusCode(replicas.b, token);
      if (code !== 200) throw new Error(`replica B answered ${code} before the logout`);
    }
    const sent = performance.now();
    const res = await fetch(`${replicas.a}/auth/logout`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    await res.body?.cancel();
    const answered = performance.now();
    if (res.status !== 200) throw new Error(`logout on replica A answered ${res.status}`);
    logouts.push(answered - sent);
    while (true) {
      const code = await statusCode(replicas.b, token);
      if (code === 401) break;
      if (code !== 200) throw new Error(`replica B answered ${code} after the logout`);
      acceptedAfter++;
      if (performance.now() - answered > 10_000) throw new Error("replica B never refused");
    }
    latencies.push(performance.now() - answered);
  }
  return revocationRow(latencies, logouts, acceptedAfter);
}
