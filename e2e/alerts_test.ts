import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

async function failLogin(page: Page) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill("nobody@example.com");
  await page.locator('input[name="password"]').fill("wrong password");
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-danger").waitFor();
}

Deno.test("an alert closes with its × button", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await failLogin(page);
  await page.locator(".alert-danger").getByRole("button", { name: "Close" }).click();
  await page.locator(".alert").waitFor({ state: "detached" });
});

Deno.test("an alert disappears by itself after about 3 seconds", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await failLogin(page);
  const shown = Date.now();
  await page.locator(".alert").waitFor({ state: "detached", timeout: 6000 });
  const lasted = Date.now() - shown;
  assert.ok(lasted > 2000 && lasted < 5000, `the alert lasted ${lasted} ms`);
});

Deno.test("a new alert replaces the previous one", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await failLogin(page);
  await logInAs(page, user);
  // The alerts, not the "verify your email" banner the fixture user also gets.
  assert.equal(await page.getByRole("alert").count(), 1);
  assert.equal(await page.locator(".alert-danger").count(), 0);
});
