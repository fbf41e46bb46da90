import assert from "node:assert/strict";
import { e2eStack } from "./stack.ts";

const METHODS = ["get", "post", "put", "patch", "delete"];

Deno.test("/docs shows every operation of the document under the site's policy, with no violation", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(stack.url)) problems.push(`other origin: ${request.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  const response = await page.goto("/docs");
  const csp = response?.headers()["content-security-policy"] ?? "";
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval/);

  const spec = await (await fetch(`${stack.url}/openapi.json`)).json();
  const operations = Object.entries(spec.paths as Record<string, object>).flatMap((
    [path, item],
  ) =>
    Object.keys(item).filter((method) => METHODS.includes(method)).map((method) => ({
      method,
      path,
    }))
  );
  const blocks = page.locator(".opblock");
  await blocks.nth(operations.length - 1).waitFor();
  assert.equal(await blocks.count(), operations.length);
  for (const { method, path } of operations) {
    const block = page.locator(`.opblock-${method}`, {
      has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
    });
    assert.equal(await block.count(), 1, `${method} ${path}`);
  }
  // An operation opens with its responses, drawn by Swagger UI's own scripts and styles.
  await page.locator('.opblock-summary-path[data-path="/ping"]').click();
  await page.locator(".opblock.is-open .responses-table").waitFor();
  assert.deepEqual(problems, []);
});
