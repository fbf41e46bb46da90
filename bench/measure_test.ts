import assert from "node:assert/strict";
import { pgbenchTps } from "./measure.ts";

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
