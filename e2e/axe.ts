import assert from "node:assert/strict";
import axe from "axe-core";
import type { Page } from "playwright-core";

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

/** Runs axe-core in the page (injected over the DevTools protocol, so the CSP does not apply). */
export async function assertNoSeriousA11yViolations(page: Page) {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const result = await (globalThis as any).axe.run(document);
    return result.violations as Violation[];
  });
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    serious.map((v) =>
      `${v.impact}: ${v.id} (${v.help}) on ${v.nodes.length} node(s): ` +
      v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join("; ")
    ),
    [],
    `axe-core found serious violations on ${page.url()}`,
  );
}
