/** Dark mode: the app follows the system's colour scheme, or the light/dark choice remembered. */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { heading } from "./pages.ts";
import { e2eStack } from "./stack.ts";

function theme(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute("data-bs-theme"));
}

function bodyBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

async function choose(page: Page, name: string) {
  await page.getByRole("button", { name: /^Theme/ }).click();
  await page.getByRole("button", { name, exact: true }).click();
}

Deno.test("under a dark system setting the app is dark from the first paint", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.emulateMedia({ colorScheme: "dark" });
  // Before the app's script runs, theme.js has set the mode.
  await page.goto("/about", { waitUntil: "commit" });
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-bs-theme"));
  assert.equal(await theme(page), "dark");
  await heading(page);
  assert.equal(await bodyBackground(page), "rgb(33, 37, 41)");
  await page.emulateMedia({ colorScheme: "light" });
  await page.waitForFunction(() => document.documentElement.dataset.bsTheme === "light");
  assert.equal(await bodyBackground(page), "rgb(255, 255, 255)");
});

Deno.test("light, dark or auto is chosen in the navbar and remembered by the browser", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await heading(page);
  assert.equal(await theme(page), "light");

  await choose(page, "Dark");
  assert.equal(await theme(page), "dark");
  await page.getByRole("button", { name: /^Theme/ }).click();
  assert.equal(
    await page.getByRole("button", { name: "Dark", exact: true }).getAttribute("aria-pressed"),
    "true",
  );
  await page.keyboard.press("Escape");
  await page.reload();
  await heading(page);
  assert.equal(await theme(page), "dark", "remembered across a reload");
  await page.goto("/about");
  assert.equal(await theme(page), "dark", "and on a page loaded afresh");

  await page.emulateMedia({ colorScheme: "dark" });
  await choose(page, "Light");
  assert.equal(await theme(page), "light", "a choice beats the system");

  await choose(page, "Auto (as the system)");
  assert.equal(await theme(page), "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await page.waitForFunction(() => document.documentElement.dataset.bsTheme === "light");
});
