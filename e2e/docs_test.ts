import assert from "node:assert/strict";
import { logInAs } from "./pages.ts";
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

Deno.test("/docs: a login tried out there authorizes the calls tried next", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const { user, password } = await stack.api.createUser();
  await page.goto("/docs");

  const tryOut = async (id: string, body?: unknown) => {
    const operation = page.locator(`#operations-${id}`);
    await operation.locator(".opblock-summary").click();
    await operation.locator(".try-out__btn").click();
    if (body) await operation.locator("textarea.body-param__text").fill(JSON.stringify(body));
    await operation.locator(".execute").click();
    const status = operation.locator(".live-responses-table .response .response-col_status");
    await status.first().waitFor();
    return (await status.first().textContent())?.trim();
  };
  assert.equal(await tryOut("auth-login", { email: user.email, password }), "200");
  assert.equal(await tryOut("auth-status"), "200");
  const body = page.locator("#operations-auth-status .live-responses-table .microlight");
  assert.match(
    await body.first().textContent() ?? "",
    new RegExp(`"username": "${user.username}"`),
  );
});

Deno.test("/docs: a login tried out there leaves the web app's own session alone", async () => {
  await using stack = await e2eStack();
  // One browser profile, two tabs: the app's and the docs'.
  const context = await stack.browser.newContext({ baseURL: stack.url });
  const page = await context.newPage();
  const alice = await stack.api.createUser({ username: "alice" });
  const bob = await stack.api.createUser({ username: "bob" });
  await logInAs(page, alice);
  const appCookie = async () =>
    (await page.context().cookies()).find((c) => c.name === "refresh_token")?.value;
  const before = await appCookie();
  assert.ok(before, "the app's refresh cookie");

  const docs = await context.newPage();
  await docs.goto("/docs");
  const login = docs.locator("#operations-auth-login");
  await login.locator(".opblock-summary").click();
  await login.locator(".try-out__btn").click();
  await login.locator("textarea.body-param__text").fill(
    JSON.stringify({ email: bob.user.email, password: bob.password }),
  );
  await login.locator(".execute").click();
  const status = login.locator(".live-responses-table .response .response-col_status");
  await status.first().waitFor();
  assert.equal((await status.first().textContent())?.trim(), "200");
  assert.equal(await appCookie(), before, "the app's cookie is untouched");

  // The app, reloaded, is still alice's.
  await page.goto("/status");
  await page.locator("li", { hasText: "Username:" }).filter({ hasText: "alice" }).waitFor();
  await context.close();
});
