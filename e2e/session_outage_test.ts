/**
 * Reloading while the API is away must not look like being logged out: the page says it cannot
 * reach the server, keeps its address, tries again with growing pauses and comes back by itself.
 */
import assert from "node:assert/strict";
import type { Page, Route } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { eventually, heading, logInAs, navLinks } from "./pages.ts";
import { e2eStack } from "./stack.ts";

const BANNER = "Cannot reach the server.";

/** Answers every refresh as `answer` does until unrouted; returns when each try came. */
async function refreshesFail(page: Page, answer: (route: Route) => Promise<void>) {
  const tries: number[] = [];
  await page.route("**/auth/refresh", async (route) => {
    tries.push(Date.now());
    await answer(route);
  });
  return tries;
}

async function waitForTries(tries: number[], count: number) {
  await eventually(
    () => Promise.resolve(tries.length >= count),
    `${count} tries to restore`,
    15_000,
  );
}

Deno.test("reloading /settings while the API answers 503 keeps the page and restores it when the API is back", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await logInAs(page, await stack.api.createUser());
  await page.goto("/settings");
  await page.locator("h2", { hasText: "Profile" }).waitFor();

  const tries = await refreshesFail(page, (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      headers: { "Retry-After": "1" },
      body: JSON.stringify({ status: "error", message: "Service unavailable." }),
    }));
  await page.reload();
  await page.locator("main").getByText(BANNER).waitFor();
  assert.equal(new URL(page.url()).pathname, "/settings");
  assert.equal(await page.getByText("You must be logged in").count(), 0);
  await assertNoSeriousA11yViolations(page);

  // Three tries: the pauses between them grow (1 s, then 2 s).
  await waitForTries(tries, 3);
  assert.ok(tries[1] - tries[0] >= 900, `first pause ${tries[1] - tries[0]} ms`);
  assert.ok(tries[2] - tries[1] >= 1900, `second pause ${tries[2] - tries[1]} ms`);

  await page.unroute("**/auth/refresh");
  await page.locator("h2", { hasText: "Profile" }).waitFor({ timeout: 15_000 });
  assert.equal(await heading(page), "Settings");
  assert.equal(await page.locator("main").getByText(BANNER).count(), 0);
  assert.ok((await navLinks(page)).some((link) => /settings/i.test(link)));
});

Deno.test("with no connection at all, Try now restores the session at once when the API is back", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await page.goto("/status");
  await page.locator("li", { hasText: "User ID:" }).waitFor();

  const tries = await refreshesFail(page, (route) => route.abort("connectionrefused"));
  await page.reload();
  await page.locator("main").getByText(BANNER).waitFor();
  assert.equal(await page.getByText("You must be logged in").count(), 0);
  await waitForTries(tries, 1);

  await page.unroute("**/auth/refresh");
  await page.getByRole("button", { name: "Try now" }).click();
  await page.locator("li", { hasText: `Email: ${user.user.email}` }).waitFor();
  assert.equal(await page.locator("main").getByText(BANNER).count(), 0);
});

Deno.test("a refresh the API refuses (401) still means logged out, with no outage banner", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await logInAs(page, await stack.api.createUser());
  await stack.api.db.sql`update sessions set revoked_at = now()`;
  await page.goto("/settings");
  await page.getByText("You must be logged in").waitFor();
  assert.equal(await page.locator("main").getByText(BANNER).count(), 0);
});
