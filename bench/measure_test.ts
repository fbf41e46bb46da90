import assert from "node:assert/strict";
import { medianRound, pgbenchTps } from "./measure.ts";

Deno.test("pgbenchTps reads the rate without connection time from pgbench's report", () => {
  const report = [
    "transaction type: <builtin: select only>",
    "number of clients: 4",
    "latency average = 0.067 ms",
    "initial connection time = 14.351 ms",
    "tps = 60009.444768 (without initial connection time)",
  ].join("\n");
  assert.equal(pgbenchTps(report), 60009.444768);
});

Deno.test("pgbenchTps fails with pgbench's output when there is no rate", () => {
  assert.throws(() => pgbenchTps("connection to server failed"), /pgbench printed no tps/);
});

Deno.test("medianRound picks the round whose ratio is the median, the lower middle for an even count", () => {
  assert.equal(medianRound([0.59, 0.28, 0.41]), 2);
  assert.equal(medianRound([0.3]), 0);
  assert.equal(medianRound([0.5, 0.2, 0.4, 0.3]), 3);
});
