/**
 * Messages: problems stay until dismissed or replaced, successes fade unless held, and none
 * follows the user to another page. The page's clock is Playwright's: a minute passes in an
 * instant, and nothing here waits on real time.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { clickNav, heading, logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

/** The app's one message (not a banner, such as "verify your email"). */
function messages(page: Page) {
  return page.locator(".app-message");
}

async function failLogin(page: Page) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill("nobody@example.com");
  await page.locator('input[name="password"]').fill("wrong password");
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-danger", { hasText: "Invalid email or password." }).waitFor();
}

Deno.test("an error stays until closed with its × button, and is announced at once", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.clock.install();
  await failLogin(page);
  const alert = page.locator(".alert-danger");
  assert.equal(await alert.getAttribute("role"), "alert");
  await page.clock.runFor("05:00");
  assert.equal(await alert.isVisible(), true, "still shown five minutes later");
  await alert.getByRole("button", { name: "Close" }).click();
  await page.locator(".alert").waitFor({ state: "detached" });
});

Deno.test("an error goes when the user tries again, and does not follow them to another page", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await failLogin(page);
  // Submitting again takes the old message away while the new attempt is under way.
  await page.route("**/auth/login", async (route) => {
    await page.locator(".alert").waitFor({ state: "detached" });
    await route.continue();
  });
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-danger", { hasText: "Invalid email or password." }).waitFor();
  await page.unroute("**/auth/login");
  await clickNav(page, "About");
  assert.equal(await heading(page), "About");
  assert.equal(await page.locator(".alert").count(), 0);
  await page.goBack();
  await page.locator('input[name="email"]').waitFor();
  assert.equal(await page.locator(".alert").count(), 0, "gone for good, not only hidden");
});

Deno.test("a success fades, but not while hovered or focused", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.clock.install();
  // The fixture user's "verify your email" banner loads lazily; held back here until the message
  // is shown, as a slow network would: its arrival must not move the message from under a pointer.
  let releaseBanner = () => {};
  const bannerHeld = new Promise<void>((resolve) => releaseBanner = resolve);
  await page.route(/verify_banner[^/]*\.js$/, async (route) => {
    await bannerHeld;
    await route.continue();
  });
  await logInAs(page, await stack.api.createUser());
  const welcome = page.locator(".alert-success", { hasText: "Welcome!" });
  assert.equal(await welcome.getAttribute("role"), "status");
  const before = await welcome.boundingBox();
  releaseBanner();
  await page.getByRole("region", { name: "Verify your email" }).waitFor();
  assert.deepEqual(await welcome.boundingBox(), before, "the banner's arrival moved the message");

  await welcome.hover();
  await page.clock.runFor("01:00");
  assert.equal(await welcome.isVisible(), true, "kept while the pointer is on it");
  await page.mouse.move(0, 0);

  await welcome.getByRole("button", { name: "Close" }).focus();
  await page.clock.runFor("01:00");
  assert.equal(await welcome.isVisible(), true, "kept while focus is in it");
  await page.locator("h1").click();

  await page.clock.runFor(6000);
  await welcome.waitFor({ state: "detached" });
});

Deno.test("a welcome is shown on the page logging in leads to, never on the next one", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await logInAs(page, await stack.api.createUser());
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  for (const link of [/user status/i, /log out/i]) {
    await clickNav(page, link);
    await page.waitForURL((url) => url.pathname !== "/");
    // The page at the new address, not the last one kept on screen while it loads.
    await heading(page);
    assert.equal(await messages(page).count(), 0, `no message on ${page.url()}`);
    if (link.source === "user status") await page.goBack();
  }
});

Deno.test("a new alert replaces the previous one", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await failLogin(page);
  await logInAs(page, user);
  // The messages, not the "verify your email" banner the fixture user also gets.
  assert.equal(await messages(page).count(), 1);
  assert.equal(await page.locator(".alert-danger").count(), 0);
});
