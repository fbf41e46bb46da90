/**
 * Logging in returns to the page that asked for it, and only ever to a page of this app: the
 * `next` parameter is not an open redirect.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { clickNav, heading } from "./pages.ts";
import { e2eStack } from "./stack.ts";

async function submitLogin(page: Page, email: string, password: string) {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[type="submit"]').click();
}

Deno.test("logging in from a page that needs it returns to that page, with its query", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/settings");
  await page.getByRole("link", { name: "Log in to see this page" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await submitLogin(page, user.user.email, user.password);
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/settings");
  // The page loads lazily: the address changes first.
  await page.locator("h1", { hasText: "Settings" }).waitFor();
  await page.locator("h2", { hasText: "Profile" }).waitFor();
});

Deno.test("an admin page asks a visitor to log in and returns there after", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const admin = await stack.api.createUser({ admin: true });
  await page.goto("/admin/audit?action=auth.login");
  assert.equal(await heading(page), "Access denied");
  await page.getByRole("link", { name: "Log in to see this page" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await submitLogin(page, admin.user.email, admin.password);
  await page.waitForURL((url) => url.pathname === "/admin/audit");
  assert.equal(new URL(page.url()).search, "?action=auth.login");
  assert.notEqual(await heading(page), "Access denied");
});

Deno.test("the navbar's Log In link comes back to the page it was clicked on", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/about");
  await clickNav(page, /log in/i);
  await page.waitForURL((url) => url.pathname === "/login");
  await submitLogin(page, user.user.email, user.password);
  await page.waitForURL((url) => url.pathname === "/about");
  assert.equal(await heading(page), "About");
});

Deno.test("a next parameter pointing away from the app lands on the home page instead", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  const origin = new URL(stack.url).origin;
  const attacks = [
    "//example.com/",
    "https://example.com/",
    "/\\example.com",
    "/\t/example.com",
    "javascript:alert(1)",
  ];
  for (const [i, attack] of attacks.entries()) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(attack)}`);
    await submitLogin(page, user.user.email, user.password);
    await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.origin, origin, `attack ${i}: ${attack}`);
    assert.equal(url.pathname, "/", `attack ${i}: ${attack}`);
  }
});

Deno.test("someone already logged in who opens /login?next=… goes straight there", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/login?next=%2Fstatus");
  await submitLogin(page, user.user.email, user.password);
  await page.waitForURL((url) => url.pathname === "/status");
  await page.goto("/login?next=%2Fsettings");
  await page.waitForURL((url) => url.pathname === "/settings");
  // The page loads lazily: the address changes first.
  await page.locator("h1", { hasText: "Settings" }).waitFor();
});
