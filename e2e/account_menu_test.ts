/** Who am I: the navbar's account menu names the user and holds their links, on any screen. */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { LOGGED_OUT_LINKS, logInAs, navLinks } from "./pages.ts";
import { e2eStack } from "./stack.ts";

function activeText(page: Page) {
  return page.evaluate(() => document.activeElement?.textContent?.trim());
}

Deno.test("the account menu names the user and leads to status, settings, the API docs and log out", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser({ username: "marguerite" });
  await logInAs(page, user);
  const toggle = page.getByRole("button", { name: "Account: marguerite" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  const menu = page.locator("nav .account-menu .dropdown-menu");
  assert.equal(await menu.isVisible(), false);

  // By keyboard: open, move through, close with Escape back on the button.
  await toggle.focus();
  await page.keyboard.press("Enter");
  await menu.waitFor({ state: "visible" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const items = (await menu.locator("a").allTextContents()).map((t) => t.trim());
  assert.deepEqual(items, ["User status", "Settings", "API docs", "Log out"]);
  assert.equal(await menu.getByRole("link", { name: "API docs" }).getAttribute("href"), "/docs");
  await page.keyboard.press("Tab");
  assert.equal(await activeText(page), "User status");
  await assertNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await menu.waitFor({ state: "hidden" });
  assert.equal(await activeText(page), "Account: marguerite");

  await toggle.click();
  await menu.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL((url) => url.pathname === "/settings");
  // The page loads lazily: the address changes first.
  await page.locator("h1", { hasText: "Settings" }).waitFor();
  assert.equal(await menu.isVisible(), false, "choosing closes the menu");

  // A click elsewhere closes it too.
  await toggle.click();
  await menu.waitFor({ state: "visible" });
  await page.locator("h1").click();
  await menu.waitFor({ state: "hidden" });
});

Deno.test("on a phone the navbar fits 390 px and the account menu is reachable, Log out included", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.setViewportSize({ width: 390, height: 844 });
  const user = await stack.api.createUser({
    username: "a_rather_long_username_for_phone",
    admin: true,
  });
  await logInAs(page, user);
  await page.locator("nav .navbar-toggler").click();
  const toggle = page.getByRole("button", { name: `Account: ${user.user.username}` });
  await toggle.click();
  const logOut = page.locator("nav .account-menu a", { hasText: "Log out" });
  await logOut.waitFor({ state: "visible" });
  for (const element of [toggle, logOut]) {
    const box = await element.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `within the screen: ${box?.x}`);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
  await logOut.click();
  await page.getByText("You are now logged out.").waitFor();
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
});
