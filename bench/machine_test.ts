import assert from "node:assert/strict";
import { parsePidStat, parseProcStat, treeTicks } from "./machine.ts";

Deno.test("parseProcStat counts idle and iowait as idle, everything else as busy", () => {
  const text = [
    "cpu  100 5 50 800 20 3 2 10 7 0",
    "cpu0 50 2 25 400 10 1 1 5 3 0",
    "intr 12345",
  ].join("\n");
  // busy = user 100 + nice 5 + system 50 + irq 3 + softirq 2 + steal 10; guest is inside user
  assert.deepEqual(parseProcStat(text), { busy: 170, total: 990 });
});

Deno.test("parseProcStat refuses a file without the aggregate cpu line", () => {
  assert.throws(() => parseProcStat("cpu0 1 2 3 4\n"), /no cpu line/);
});

Deno.test("parsePidStat reads the parent and all four CPU times, whatever the command name", () => {
  const stat = "4242 (deno (worker) x) S 4200 4242 4242 0 -1 4194560 100 0 0 0 " +
    "150 30 7 3 20 0 9 0 123456 0 0";
  assert.deepEqual(parsePidStat(stat), { ppid: 4200, ticks: 150 + 30 + 7 + 3 });
});

Deno.test("treeTicks sums the roots and every descendant, and nothing else", () => {
  const processes = new Map([
    [1, { ppid: 0, ticks: 1000 }], // init: not ours
    [10, { ppid: 1, ticks: 5 }], // the benchmark
    [11, { ppid: 10, ticks: 50 }], // the API
    [12, { ppid: 11, ticks: 7 }], // a child of the API
    [20, { ppid: 1, ticks: 30 }], // the postmaster
    [21, { ppid: 20, ticks: 40 }], // a backend
    [30, { ppid: 1, ticks: 900 }], // someone else's test suite
  ]);
  assert.equal(treeTicks(processes, [10, 20]), 5 + 50 + 7 + 30 + 40);
  assert.equal(treeTicks(processes, [99]), 0);
});
