/** A 390 px wide phone: nothing scrolls sideways, every action is on screen, addresses wrap. */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { clickNav, heading, logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

const PHONE = { width: 390, height: 844 };
const LONG_EMAIL =
  "alexandra.konstantinopoulou-smithson@research.very-long-university-name.example";

async function fitsTheScreen(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: globalThis.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${where} scrolls sideways: ${scrollWidth} > ${innerWidth}`);
}

async function onScreen(locator: Locator, what: string) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is not rendered`);
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${what} is off screen: ${box.x}`);
}

/**
 * The address wraps onto several lines, each break before an "@" or a "." or after a hyphen,
 * never in the middle of a name.
 */
async function wrapsAtSeparators(locator: Locator) {
  const { text, breaks } = await locator.evaluate((element) => {
    let text = "";
    const breaks: number[] = [];
    let lastTop: number | undefined;
    for (const node of element.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      for (let i = 0; i < node.textContent!.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        if (lastTop !== undefined && top > lastTop) breaks.push(text.length);
        lastTop = top;
        text += node.textContent![i];
      }
    }
    return { text, breaks };
  });
  assert.equal(text, LONG_EMAIL);
  assert.ok(breaks.length > 0, "the address is on several lines");
  const bad = breaks.filter((at) => !/[@.]/.test(text[at]) && text[at - 1] !== "-")
    .map((at) => `${text.slice(0, at)}|${text.slice(at)}`);
  assert.deepEqual(bad, [], "a break in the middle of a name");
}

Deno.test("on a phone the navbar fits and the Status page wraps a long email at its dots and @", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.setViewportSize(PHONE);
  const user = await stack.api.createUser({ username: "alexandra", email: LONG_EMAIL });
  await logInAs(page, user);
  await fitsTheScreen(page, "/");
  await onScreen(page.locator("nav .navbar-toggler"), "the navbar's toggle");
  await page.locator("nav .navbar-toggler").click();
  assert.equal(await page.locator("nav .navbar-toggler").getAttribute("aria-expanded"), "true");
  for (const link of await page.locator("nav .nav-link").all()) {
    await link.waitFor({ state: "visible" });
    await onScreen(link, `the nav link ${await link.textContent()}`);
  }
  await clickNav(page, "User status");
  await page.locator("li", { hasText: "User ID:" }).waitFor();
  await fitsTheScreen(page, "/status");
  await wrapsAtSeparators(page.locator("li", { hasText: "Email:" }).locator("span.text-break"));
});

Deno.test("on a phone the admin's users are cards with every action on screen, and a switch still asks", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.setViewportSize(PHONE);
  await stack.api.createUser({ username: "alexandra", email: LONG_EMAIL });
  const admin = await stack.api.createUser({ username: "root", admin: true });
  await logInAs(page, admin);
  await page.goto("/admin/users");
  assert.equal(await heading(page), "Users");
  const card = page.locator("main li.mb-3", { hasText: "alexandra" });
  await card.waitFor();
  assert.equal(await page.locator("main table").count(), 0, "no table below md");
  await fitsTheScreen(page, "/admin/users");
  await wrapsAtSeparators(card.locator("dd span.text-break"));
  for (const name of ["Edit", "Reset password", "Delete"]) {
    await onScreen(card.getByRole("button", { name: new RegExp(`^${name}\\b`) }), name);
  }
  const active = page.getByRole("switch", { name: "Active: alexandra", exact: true });
  await onScreen(active, "the Active switch");
  await active.click();
  await page.getByRole("dialog", { name: "Deactivate alexandra?" }).waitFor();
  await page.keyboard.press("Escape");
  await assertNoSeriousA11yViolations(page);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator("main table").waitFor();
  await fitsTheScreen(page, "/admin/users at desktop width");
});

Deno.test("on a phone the audit trail is cards that fit the screen", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.setViewportSize(PHONE);
  const admin = await stack.api.createUser({ username: "root", admin: true });
  await logInAs(page, admin);
  await stack.api.request(`/users/${admin.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "root.with.a.rather.long.name.indeed" },
  });
  await page.goto("/admin/audit");
  await page.locator("main li.mb-3").first().waitFor();
  assert.equal(await page.locator("main table").count(), 0, "no table below md");
  await fitsTheScreen(page, "/admin/audit");
  await assertNoSeriousA11yViolations(page);
});
