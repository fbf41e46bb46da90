import assert from "node:assert/strict";
import {
  formatKb,
  formatMs,
  formatRate,
  judge,
  markdownTable,
  percentile,
  replaceResults,
  RESULTS_END,
  RESULTS_START,
} from "./report.ts";

Deno.test("percentile uses the nearest rank, whatever the order of the samples", () => {
  const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1
  assert.equal(percentile(samples, 50), 500);
  assert.equal(percentile(samples, 99), 990);
  assert.equal(percentile(samples, 100), 1000);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([3, 1, 2], 50), 2);
  assert.ok(Number.isNaN(percentile([], 50)));
});

Deno.test("judge checks a ratio against at-least and at-most targets", () => {
  assert.equal(judge(0.86, { atLeast: 0.85 }), true);
  assert.equal(judge(0.85, { atLeast: 0.85 }), true);
  assert.equal(judge(0.84, { atLeast: 0.85 }), false);
  assert.equal(judge(3, { atMost: 3 }), true);
  assert.equal(judge(3.01, { atMost: 3 }), false);
  assert.equal(judge(NaN, { atMost: 3 }), false);
  assert.equal(judge(Infinity, { atLeast: 0.25 }), false);
});

Deno.test("figures are formatted with a precision that suits their size", () => {
  assert.equal(formatMs(0.1423), "0.142 ms");
  assert.equal(formatMs(3.271), "3.27 ms");
  assert.equal(formatMs(41.34), "41.3 ms");
  assert.equal(formatMs(1203.4), "1,203 ms");
  assert.equal(formatMs(NaN), "n/a");
  assert.equal(formatRate(7.934), "7.93");
  assert.equal(formatRate(412.3), "412");
  assert.equal(formatRate(12345.6), "12,346");
  assert.equal(formatKb(130_912), "130.9 kB");
});

Deno.test("markdownTable pads columns and says pass, FAIL, info or why a row was skipped", () => {
  const table = markdownTable([
    { metric: "a", measured: "1", reference: "2", ratio: 0.5, target: "≥ 0.25", pass: true },
    { metric: "bb", measured: "3", reference: "4", ratio: 0.1, target: "≥ 0.25", pass: false },
    { metric: "c", measured: "5", reference: "—", target: "—" },
    { metric: "d", measured: "—", reference: "—", target: "≤ 1.5", skipped: "BENCH_URL" },
  ]);
  const lines = table.split("\n");
  assert.equal(lines[0], "| metric | measured | reference | ratio | target | pass/fail          |");
  assert.equal(lines[1], "| ------ | -------- | --------- | ----- | ------ | ------------------ |");
  assert.equal(lines[1].length, lines[0].length);
  assert.equal(lines[2], "| a      | 1        | 2         | 0.50  | ≥ 0.25 | pass               |");
  assert.equal(lines[3], "| bb     | 3        | 4         | 0.10  | ≥ 0.25 | **FAIL**           |");
  assert.equal(lines[4], "| c      | 5        | —         | —     | —      | info               |");
  assert.equal(lines[5], "| d      | —        | —         | —     | ≤ 1.5  | skipped: BENCH_URL |");
});

Deno.test("replaceResults swaps only the generated block and keeps the prose around it", () => {
  const doc = `# Benchmarks\n\nIntro.\n\n${RESULTS_START}\nold table\n${RESULTS_END}\n\n## Why\n`;
  const updated = replaceResults(doc, "new table\n");
  assert.equal(
    updated,
    `# Benchmarks\n\nIntro.\n\n${RESULTS_START}\n\nnew table\n\n${RESULTS_END}\n\n## Why\n`,
  );
  assert.equal(replaceResults(updated, "new table"), updated);
});

Deno.test("replaceResults appends the block to a document without markers", () => {
  assert.equal(
    replaceResults("# Benchmarks\n", "table"),
    `# Benchmarks\n\n${RESULTS_START}\n\ntable\n\n${RESULTS_END}\n`,
  );
});
