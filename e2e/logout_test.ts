/**
 * Log out always logs out: when the page is left at once, when the request is lost on the way,
 * and in every tab of the browser.
 */
import assert from "node:assert/strict";
import type { Page, Route } from "playwright-core";
import type { Stack } from "./stack.ts";
import { clickNav, eventually, heading, LOGGED_OUT_LINKS, logInAs, navLinks } from "./pages.ts";
import { e2eStack } from "./stack.ts";

/** Sessions of the browser still open (the fixture's own login has no browser agent). */
async function openSessions(stack: Stack, userId: number): Promise<number> {
  const [row] = await stack.api.db.sql`
    select count(*)::int as open from sessions
    where user_id = ${userId} and revoked_at is null and user_agent like '%Chrome%'`;
  return row.open;
}

async function clickLogOut(page: Page) {
  await clickNav(page, /log out/i);
}

Deno.test("Log out followed at once by another address still ends the session", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  for (let round = 1; round <= 3; round++) {
    await logInAs(page, user);
    await clickLogOut(page);
    await page.goto("/login");
    assert.equal(await heading(page), "Log in", `round ${round}`);
    assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS, `round ${round}`);
    await eventually(
      async () => (await openSessions(stack, user.user.id)) === 0,
      "no open session",
    );
    await page.reload();
    assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS, `round ${round}, reloaded`);
  }
});

Deno.test("a logout request lost on the way is finished by the next page", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  // The first logout never reaches the API, as if the page had been closed mid-flight.
  const held: Route[] = [];
  await page.route("**/auth/logout", async (route) => {
    if (held.length === 0) held.push(route);
    else await route.continue();
  });
  await clickLogOut(page);
  await eventually(() => Promise.resolve(held.length === 1), "the logout to be sent");
  assert.equal(await openSessions(stack, user.user.id), 1, "the API has not heard of it");
  await page.goto("/status");
  await page.getByText("You must be logged in to view this.").waitFor();
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
  assert.equal(await openSessions(stack, user.user.id), 0);
  await held[0].abort().catch(() => undefined);
});
