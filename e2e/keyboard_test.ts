/**
 * Keyboard and screen-reader use: a skip link, a focus ring that can be seen on the dark navbar,
 * and focus on the new page's heading (with its title announced) after a page change.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { contrastRatio } from "./contrast.ts";
import { clickNav, heading } from "./pages.ts";
import { e2eStack } from "./stack.ts";

function active(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return { tag: element?.tagName, id: element?.id, text: element?.textContent?.trim() };
  });
}

/** The focused element's outline colour against the navbar's background. */
function focusRingContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const navbar = getComputedStyle(element.closest("nav")!);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, navbar.backgroundColor];
  }).then(([outlineStyle, width, color, background]) => {
    assert.notEqual(outlineStyle, "none", "a visible outline");
    assert.ok(parseFloat(width) >= 2, `outline ${width}`);
    return contrastRatio(color, background);
  });
}

Deno.test("the first Tab reaches a skip link that moves focus to the page's content", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/about");
  await heading(page);
  await page.keyboard.press("Tab");
  assert.equal((await active(page)).text, "Skip to main content");
  const box = await page.getByRole("link", { name: "Skip to main content" }).boundingBox();
  assert.ok(box && box.width > 10 && box.height > 10, "shown while focused");
  await page.keyboard.press("Enter");
  const focused = await active(page);
  assert.deepEqual([focused.tag, focused.id], ["MAIN", "main"]);
});

Deno.test("focus on the navbar is ringed at 3:1 or more, on wide screens and phones", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/about");
  await heading(page);
  await page.keyboard.press("Tab"); // the skip link
  await page.keyboard.press("Tab"); // the brand
  assert.equal((await active(page)).text, "Users Service");
  const brand = await focusRingContrast(page);
  assert.ok(brand >= 3, `brand ${brand.toFixed(2)}:1`);
  await page.keyboard.press("Tab");
  assert.equal((await active(page)).text, "Home");
  const link = await focusRingContrast(page);
  assert.ok(link >= 3, `link ${link.toFixed(2)}:1`);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator("nav .navbar-toggler").focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab"); // focus arrives by keyboard: :focus-visible
  const toggle = await focusRingContrast(page);
  assert.ok(toggle >= 3, `menu toggle ${toggle.toFixed(2)}:1`);
});

Deno.test("after a page change focus is on the new heading and the title is announced", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/");
  await heading(page);
  // The first load leaves focus alone.
  assert.equal((await active(page)).tag, "BODY");
  await clickNav(page, "About");
  await page.waitForFunction(() => document.activeElement?.tagName === "H1");
  assert.equal((await active(page)).text, "About");
  await page.locator("[aria-live]", { hasText: "About · Users Service" }).waitFor();

  // A page loaded lazily (the login form) gets its heading focused once it shows.
  await clickNav(page, /log in/i);
  await page.waitForFunction(() => document.activeElement?.textContent === "Log in");
  await page.locator("[aria-live]", { hasText: "Log in · Users Service" }).waitFor();
});
