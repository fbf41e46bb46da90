/** The benchmark's arithmetic and its one table: percentiles, ratios, pass/fail, Markdown. */

/** One line of the table. `pass` is undefined for a figure with no target or one not measured. */
export type Row = {
  metric: string;
  measured: string;
  reference: string;
  ratio?: number;
  target: string;
  pass?: boolean;
  /** Why a figure is missing (BENCH_URL mode, a failed step); shown instead of pass/fail. */
  skipped?: string;
};

/** Nearest-rank percentile of unsorted samples; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** "≥ 0.85" or "≤ 3": the ratio's target and whether it is met. */
export function judge(ratio: number, target: { atLeast?: number; atMost?: number }): boolean {
  if (!Number.isFinite(ratio)) return false;
  if (target.atLeast !== undefined && ratio < target.atLeast) return false;
  if (target.atMost !== undefined && ratio > target.atMost) return false;
  return true;
}

/** Milliseconds with precision that suits their size: 0.142 ms, 3.27 ms, 41.3 ms, 1,203 ms. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString("en-US")} ms`;
}

/** A rate with three significant figures, thousands separated: 7.93, 412, 12,345. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (value >= 1000) return Math.round(value).toLocaleString("en-US");
  return value.toPrecision(3);
}

/** Bytes as kB (1 kB = 1,000 bytes, as Vite reports them). */
export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function verdict(row: Row): string {
  if (row.skipped !== undefined) return `skipped: ${row.skipped}`;
  if (row.pass === undefined) return "info";
  return row.pass ? "pass" : "**FAIL**";
}

/**
 * The table as GitHub Markdown, columns padded so it also reads well in a terminal, laid out as
 * `deno fmt` lays out tables.
 */
export function markdownTable(rows: readonly Row[]): string {
  const header = ["metric", "measured", "reference", "ratio", "target", "pass/fail"];
  const cells = rows.map((row) => [
    row.metric,
    row.measured,
    row.reference,
    row.ratio === undefined || !Number.isFinite(row.ratio) ? "—" : row.ratio.toFixed(2),
    row.target,
    verdict(row),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i].length))
  );
  const line = (values: string[]) =>
    `| ${values.map((value, i) => value.padEnd(widths[i])).join(" | ")} |`;
  return [
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...cells.map(line),
  ].join("\n");
}

export const RESULTS_START = "<!-- bench:results:start -->";
export const RESULTS_END = "<!-- bench:results:end -->";

/**
 * The document with the generated block between the markers replaced; everything written by hand
 * around it (the analysis) is kept. A document without the markers gets the block appended.
 */
export function replaceResults(document: string, block: string): string {
  const generated = `${RESULTS_START}\n\n${block.trim()}\n\n${RESULTS_END}`;
  const start = document.indexOf(RESULTS_START);
  const end = document.indexOf(RESULTS_END);
  if (start < 0 || end < start) return `${document.trimEnd()}\n\n${generated}\n`;
  return document.slice(0, start) + generated + document.slice(end + RESULTS_END.length);
}
