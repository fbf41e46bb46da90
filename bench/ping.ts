/**
 * A separate process for `deno task bench`: times sequential `GET /ping`s with a short pause
 * between them (a user's request now and then, not a second load generator) and prints the
 * latencies and their percentiles as one JSON line.
 *
 *   deno run -A bench/ping.ts URL COUNT PAUSE_MS
 */
import { percentile } from "./report.ts";

export type PingResult = { p50Ms: number; p99Ms: number; latencies: number[] };

async function sample(url: string, count: number, pauseMs: number): Promise<PingResult> {
  const latencies: number[] = [];
  // The first requests open the connection and warm the code paths: not counted.
  for (let i = 0; i < count + 20; i++) {
    const started = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= 20) latencies.push(elapsed);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    latencies: latencies.map((ms) => Math.round(ms * 1000) / 1000),
  };
}

if (import.meta.main) {
  const [url, count, pause] = Deno.args;
  console.log(JSON.stringify(await sample(url, Number(count), Number(pause))));
}
