/** Steps the browser tests share: what a person does, in the words the app shows. */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import type { TestApi, TestUser } from "../api/testing/api.ts";

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
  // The home page loads lazily: its heading, not only the welcome, says it is there.
  await page.locator("h1", { hasText: "All users" }).waitFor();
}

export async function logInAs(page: Page, user: TestUser) {
  await logIn(page, user.user.email, user.password);
}

export const LOGGED_OUT_LINKS = ["Home", "About", "Register", "Log in"];
export const LOGGED_IN_LINKS = ["Home", "About", "User status", "Settings", "API docs", "Log out"];
export const ADMIN_LINKS = [
  "Home",
  "About",
  "Users",
  "Audit trail",
  "User status",
  "Settings",
  "API docs",
  "Log out",
];

/** The texts of the navbar's links, in order, those in its menus (shown or not) included. */
export async function navLinks(page: Page): Promise<string[]> {
  const links = page.locator("nav a.nav-link, nav a.dropdown-item");
  await links.first().waitFor({ state: "attached" });
  return (await links.allTextContents()).map((text) => text.trim());
}

/** Follows the navbar's link named `text`, opening what holds it (the phone menu, a menu). */
export async function clickNav(page: Page, text: string | RegExp) {
  const hasText = typeof text === "string" ? new RegExp(`^${text}$`) : text;
  const link = page.locator("nav a.nav-link, nav a.dropdown-item").filter({ hasText }).first();
  await link.waitFor({ state: "attached" });
  const toggler = page.locator("nav .navbar-toggler");
  if (await toggler.isVisible() && (await toggler.getAttribute("aria-expanded")) !== "true") {
    await toggler.click();
  }
  // Inner locators of `has` are relative to the outer element.
  const menu = page.locator("nav .dropdown", {
    has: page.locator("a.dropdown-item").filter({ hasText }),
  });
  if (await menu.count() > 0 && !(await link.isVisible())) {
    await menu.locator("button.dropdown-toggle").click();
  }
  await link.click();
}

/**
 * The heading of the page at the address now shown. A lazily loaded page keeps the last one on
 * screen until it has arrived, so this waits for the page of the current address, not any h1.
 */
export async function heading(page: Page): Promise<string> {
  const text = await page.waitForFunction(() => {
    const main = document.querySelector("main");
    if (main?.dataset.path !== location.pathname) return null;
    return main.querySelector("h1")?.textContent?.trim() || null;
  });
  return await text.jsonValue() as string;
}

/** Waits until `condition` holds, polling; for states that arrive after a request. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 5000,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The cells' texts of each body row of the tables in `root` (a page: its main). */
export async function tableRows(root: Page | Locator): Promise<string[][]> {
  const rows = "goto" in root ? root.locator("main table tbody tr") : root.locator("tbody tr");
  return await rows.evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim() ?? ""))
  );
}

/**
 * Logs in over plain HTTP, as another device would, starting a session of its own; returns its
 * access token.
 */
export async function logInElsewhere(
  api: TestApi,
  email: string,
  password: string,
  userAgent = "curl/8.5.0",
): Promise<string> {
  const response = await api.request("/auth/login", {
    method: "POST",
    json: { email, password },
    headers: { "User-Agent": userAgent },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.auth_token;
}
