/**
 * Two-step sign-in in the browser: set up an authenticator app from Settings by its key (read off
 * the page, as a person would type it into an app), log in with a code and with a recovery code;
 * an admin without a factor is led to set one up.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { enrolTotp } from "../api/mfa/testing.ts";
import { codeAt, currentStep } from "../api/mfa/totp.ts";
import { clickNav, heading, logIn, logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

const STEP_MS = 30_000;

/** The authenticator app: the code of a step newer than `after`, the nearest to now. */
function appCode(secret: string, after: number): { code: string; step: number } {
  const step = Math.max(currentStep(), after + 1);
  return { code: codeAt(secret, step * STEP_MS), step };
}

function section(page: Page) {
  return page.getByRole("region", { name: "Two-step sign-in", exact: true });
}

async function logOut(page: Page) {
  await clickNav(page, "Log out");
  await page.getByRole("link", { name: "Log in", exact: true }).first().waitFor();
}

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[type="submit"]').click();
  await page.getByRole("heading", { name: "Two-step sign-in" }).waitFor();
}

Deno.test("set up an authenticator app from Settings, then log in with a code and with a recovery code", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await clickNav(page, "Settings");
  const two = section(page);
  await two.getByText("Off").waitFor();
  await two.getByRole("button", { name: "Set up an authenticator app" }).click();
  await two.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
  const secret = (await two.getByTestId("totp-secret").textContent())?.trim() ?? "";
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const enrolment = appCode(secret, currentStep() - 2);
  await two.getByLabel("Code from the app").fill(enrolment.code);
  await two.getByRole("button", { name: "Turn on" }).click();
  const list = two.getByRole("list", { name: "Recovery codes" });
  await list.waitFor();
  const codes = (await list.locator("li").allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  await two.getByRole("button", { name: "I have saved them" }).click();
  await two.getByText("Recovery codes left: 10").waitFor();
  await logOut(page);

  // A code from the app.
  await passwordStep(page, user.user.email, user.password);
  const login = appCode(secret, enrolment.step);
  await page.getByLabel("Code from your authenticator app").fill(login.code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(await heading(page), "All users");
  await logOut(page);

  // A recovery code, once.
  await passwordStep(page, user.user.email, user.password);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  await logOut(page);
  await passwordStep(page, user.user.email, user.password);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByText("The code is incorrect or was already used.").waitFor();
});

Deno.test("a password change from a stale session asks to confirm in a dialog, then goes through", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await stack.api.db.sql`
    update sessions set auth_time = now() - interval '1 hour' where user_id = ${user.user.id}`;
  await clickNav(page, "Settings");
  const password = page.getByRole("region", { name: "Password", exact: true });
  await password.getByLabel("Current password").fill(user.password);
  await password.getByLabel("New password").fill("a completely new passphrase");
  await password.getByRole("button", { name: "Change password" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await dialog.waitFor();
  await dialog.getByLabel("Current password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await page.locator(".alert-success", { hasText: "Password changed." }).waitFor();
  await logOut(page);
  await logIn(page, user.user.email, "a completely new passphrase");
});

Deno.test("an admin without a second factor is led to set one up (REQUIRE_ADMIN_MFA)", async () => {
  await using stack = await e2eStack({ REQUIRE_ADMIN_MFA: "true" });
  const { page } = stack;
  const admin = await stack.api.createUser({ admin: true });
  await logInAs(page, admin);
  await page.goto("/admin/audit");
  await page.waitForURL((url) => url.pathname === "/settings");
  await page.getByText("Set up two-step sign-in before using admin actions.").waitFor();
  await section(page).getByRole("button", { name: "Set up an authenticator app" }).waitFor();
});

Deno.test("an admin sees who has two-step sign-in and resets it for someone who lost their app", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const admin = await stack.api.createUser({ admin: true, username: "boss" });
  const user = await stack.api.createUser({ username: "lostphone" });
  await enrolTotp(stack.api, user);
  await logInAs(page, admin);
  await page.goto("/admin/users");
  const row = page.locator("main tbody tr").filter({
    has: page.locator("td:nth-child(2)", { hasText: /^lostphone$/ }),
  });
  await row.getByRole("button", { name: "Two-step" }).click();
  const dialog = page.getByRole("dialog", { name: "Two-step sign-in of lostphone" });
  await dialog.getByText("On: an authenticator app, 10 recovery codes left.").waitFor();
  await dialog.getByRole("button", { name: "Reset two-step sign-in" }).click();
  await page.locator(".alert-success", { hasText: "Two-step sign-in was reset." }).waitFor();
  await row.getByRole("button", { name: "Two-step" }).click();
  await page.getByRole("dialog", { name: "Two-step sign-in of lostphone" })
    .getByText("Off: signing in needs only the password.").waitFor();
});

Deno.test("an expired second step goes back to the password, saying why", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  const enrolled = await enrolTotp(stack.api, user);
  await passwordStep(page, user.user.email, user.password);
  await stack.api.db.sql`update mfa_challenges set expires_at = now() - interval '1 second'`;
  await page.getByLabel("Code from your authenticator app").fill(enrolled.nextCode);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByText("This sign-in has expired. Please log in again.").waitFor();
  await page.locator('input[name="password"]').waitFor();
});
