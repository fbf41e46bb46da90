/**
 * Keyset pagination at scale: the directory's first page and a page near its end, with a million
 * users against a thousand, each database behind its own API process.
 */
import type { Sql } from "../api/db.ts";
import { encodeCursor } from "../api/http/pagination.ts";
import type { Bench } from "./measure.ts";
import { formatMs, judge, percentile, type Row } from "./report.ts";
import { idNearOldest } from "./stack.ts";

export type Directory = { apiUrl: string; sql: Sql; users: number };

const PAGE_ROUNDS = 3;

/**
 * The p50 of the first page and of a page near the end of the directory, a large database
 * against a small one. The two are measured in turns, round after round, and each figure is the
 * median of its rounds, so a burst of load elsewhere cannot land on one size only.
 */
export async function userPages(bench: Bench, small: Directory, large: Directory): Promise<Row[]> {
  const runs: { size: string; page: string; url: string; p50s: number[] }[] = [];
  for (const [size, directory] of [["small", small], ["large", large]] as const) {
    const deep = `/users?cursor=${encodeCursor(await idNearOldest(directory.sql, 60))}`;
    for (const [page, path] of [["first", "/users"], ["deep", deep]] as const) {
      const url = `${directory.apiUrl}${path}`;
      await bench.wrk.run({ url, connections: 1, seconds: 1 }); // warm-up
      runs.push({ size, page, url, p50s: [] });
    }
  }
  for (let round = 1; round <= PAGE_ROUNDS; round++) {
    await bench.settle(`GET /users round ${round}`);
    bench.log(`GET /users round ${round} of ${PAGE_ROUNDS}: first and deep page, both sizes`);
    for (const run of runs) {
      const result = await bench.wrk.run({ url: run.url, connections: 1, seconds: 2 });
      if (result.badStatus > 0) throw new Error(`${run.url} failed ${result.badStatus} times`);
      run.p50s.push(result.p50Ms);
    }
  }
  const median = (size: string, page: string) =>
    percentile(runs.find((run) => run.size === size && run.page === page)!.p50s, 50);
  return (["first", "deep"] as const).map((page) => {
    const ratio = median("large", page) / median("small", page);
    return {
      metric: `GET /users ${page} page p50, ${large.users.toLocaleString("en-US")} users`,
      measured: formatMs(median("large", page)),
      reference: `${formatMs(median("small", page))} with ${small.users.toLocaleString("en-US")}`,
      ratio,
      target: "≤ 1.5",
      pass: judge(ratio, { atMost: 1.5 }),
    };
  });
}
