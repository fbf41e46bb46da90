/**
 * Forms that say what is wrong: the submit always works and answers an incomplete form with an
 * error summary and focus on the first field in question; passwords can be shown; a new password
 * gets a strength meter whose word lists load only where a password is chosen.
 */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute("name") ?? null);
}

async function summary(page: Page): Promise<string[]> {
  const box = page.locator(".error-summary");
  await box.getByText("There is a problem").waitFor();
  return (await box.locator("li").allTextContents()).map((text) => text.trim());
}

Deno.test("Enter in an empty login form lists what is missing and focuses the email field", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/login");
  const submit = page.locator('input[type="submit"]');
  assert.equal(await submit.isDisabled(), false);
  // No rule checklist: logging in has no rules to teach.
  assert.equal(await page.locator("form li").count(), 0);

  await page.locator('input[name="email"]').focus();
  await page.keyboard.press("Enter");
  assert.deepEqual(await summary(page), ["Enter your email address.", "Enter your password."]);
  assert.equal(await focusedName(page), "email");
  assert.equal(await page.locator('input[name="email"]').getAttribute("aria-invalid"), "true");
  await assertNoSeriousA11yViolations(page);

  // The summary's links lead to their fields.
  await page.locator(".error-summary a", { hasText: "Enter your password." }).click();
  assert.equal(await focusedName(page), "password");

  // Tab reaches the Show button and the submit (a disabled button would be skipped).
  await page.keyboard.press("Tab");
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent?.trim()),
    "Show password",
  );
  await page.keyboard.press("Tab");
  assert.equal(await focusedName(page), "remember", "Keep me signed in");
  await page.keyboard.press("Tab");
  assert.equal(
    await page.evaluate(() => (document.activeElement as HTMLInputElement)?.value),
    "Log in",
  );

  await page.locator('input[name="email"]').fill("x@example.com");
  await page.locator(".error-summary li", { hasText: "Enter your email address." })
    .waitFor({ state: "detached" });
});

Deno.test("registering with broken rules: the summary names each, focus goes to the first", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/register");
  await page.locator('input[name="username"]').fill("ab");
  await page.locator('input[name="email"]').fill("dana@example");
  await page.locator('input[name="password"]').fill("short");
  await page.locator('input[type="submit"]').click();
  const problems = await summary(page);
  assert.equal(problems.length, 3);
  assert.match(problems[0], /Username must be 3 to 32 characters/);
  assert.match(problems[1], /Email must be a valid address/);
  assert.match(problems[2], /at least 8 characters/);
  assert.equal(await focusedName(page), "username");
  // Each field says its own problem under it, tied to it for screen readers.
  const describedBy = await page.locator('input[name="password"]').getAttribute("aria-describedby");
  const said = await page.locator(`[id="${describedBy?.split(" ")[0]}"]`).textContent();
  assert.match(said ?? "", /at least 8 characters/);
  await assertNoSeriousA11yViolations(page);
  // No jargon a person cannot act on.
  assert.doesNotMatch(await page.locator("main").innerText(), /bytes/i);
});

Deno.test("every password field has a Show button that reveals and hides what is typed", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  const check = async (name: string, root: Page | Locator = page) => {
    const input = root.locator(`input[name="${name}"]`);
    await input.fill("secret words");
    assert.equal(await input.getAttribute("type"), "password", name);
    const group = root.locator(".input-group", { has: page.locator(`input[name="${name}"]`) });
    await group.getByRole("button", { name: /^Show / }).click();
    assert.equal(await input.getAttribute("type"), "text", name);
    assert.equal(await input.inputValue(), "secret words");
    await group.getByRole("button", { name: /^Hide / }).click();
    assert.equal(await input.getAttribute("type"), "password", name);
  };
  await page.goto("/register");
  await check("password");
  await page.goto("/login");
  await check("password");
  await logInAs(page, user);
  await page.goto("/settings");
  await check("new_password");
  await check("current_password");
  await page.locator('input[name="email"]').fill("another@example.com");
  await check(
    "current_password",
    page.locator("form", { has: page.locator('input[name="email"]') }),
  );
});

Deno.test("a new password gets a strength meter, loaded only on the pages that choose one", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  const strengthLoaded = () => scripts.some((path) => path.includes("password_strength"));

  await page.goto("/");
  await page.locator("h1").waitFor();
  await page.goto("/login");
  await page.locator('input[name="password"]').fill("password1");
  await page.locator('input[type="submit"]').waitFor();
  assert.equal(strengthLoaded(), false, "not on the home page or the login page");
  assert.equal(await page.getByText("Strength:").count(), 0);

  await page.goto("/register");
  await page.locator('input[name="username"]').fill("zebulon");
  const password = page.locator('input[name="password"]');
  await password.fill("password1");
  await page.locator("[aria-live]", { hasText: "Strength: Very weak" }).waitFor();
  assert.ok(strengthLoaded());
  await password.fill("zebulon zebulon");
  await page.locator("[aria-live]", { hasText: /Strength: (Very weak|Weak)/ }).waitFor();
  await password.fill("quartz lantern mosaic velvet");
  await page.locator("[aria-live]", { hasText: "Strength: Strong" }).waitFor();
  await assertNoSeriousA11yViolations(page);
});

Deno.test("on a phone the register form fits the screen, Show buttons included", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/register");
  await page.locator('input[name="password"]').fill("quartz lantern mosaic velvet");
  await page.locator("[aria-live]", { hasText: "Strength: Strong" }).waitFor();
  const button = page.getByRole("button", { name: "Show password" });
  const box = await button.boundingBox();
  assert.ok(box && box.x + box.width <= 390, `the Show button ends at ${box?.x} + ${box?.width}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
});
