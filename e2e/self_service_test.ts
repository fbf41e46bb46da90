/** Settings' "Download my data" and "Delete my account", and the login's "Keep me signed in". */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { clickNav, heading, logInAs, navLinks } from "./pages.ts";
import { e2eStack, type StackBrowser } from "./stack.ts";

async function openSettings(page: Page) {
  await clickNav(page, "Settings");
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
}

Deno.test("Download my data saves a JSON file of the profile, sessions and activity", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  await logInAs(page, alice);
  await openSettings(page);
  const section = page.getByRole("region", { name: "Your data and account" });
  await section.getByText("A JSON file with your profile, your sessions").waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    section.getByRole("button", { name: "Download my data" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "users-service-alice.json");
  const path = await download.path();
  const { data } = JSON.parse(await Deno.readTextFile(path));
  assert.equal(data.profile.username, "alice");
  assert.equal(data.profile.email, alice.user.email);
  assert.ok(data.sessions.length >= 2, "the fixture's session and this browser's");
  assert.ok(data.activity.some((event: { action: string }) => event.action === "auth.login"));
  await assertNoSeriousA11yViolations(page);
});

Deno.test("Delete my account says what happens, takes the password, and logs out", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  await logInAs(page, alice);
  await openSettings(page);
  const section = page.getByRole("region", { name: "Your data and account" });
  await section.getByText("Your profile goes and every session you have ends").waitFor();
  await section.getByRole("button", { name: "Delete my account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByText("This cannot be undone.").waitFor();
  // The button works before the password is typed: it asks for it and puts the cursor there.
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await dialog.locator(".error-summary li", { hasText: "Enter your password." }).waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("name")),
    "current_password",
  );
  await assertNoSeriousA11yViolations(page);
  await dialog.getByLabel("Current password").fill("not my password");
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await dialog.getByText("Current password is incorrect.").waitFor();
  assert.equal((await stack.api.db.sql`select 1 from users where id = ${alice.user.id}`).length, 1);

  await dialog.getByLabel("Current password").fill(alice.password);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await page.locator(".alert-success", { hasText: "Your account was deleted." }).waitFor();
  await page.waitForURL((url) => url.pathname === "/");
  assert.equal(await heading(page), "All users");
  assert.deepEqual((await navLinks(page)).slice(-2), ["Register", "Log in"]);
  assert.equal((await stack.api.db.sql`select 1 from users where id = ${alice.user.id}`).length, 0);
  await page.reload();
  assert.deepEqual((await navLinks(page)).slice(-2), ["Register", "Log in"]);
});

Deno.test("the last active admin is told in the dialog that they cannot delete their account", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const root = await stack.api.createUser({ username: "root", admin: true });
  await logInAs(page, root);
  await openSettings(page);
  await page.getByRole("button", { name: "Delete my account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByLabel("Current password").fill(root.password);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await dialog.locator(".alert-danger", { hasText: "You are the last active admin" }).waitFor();
  assert.equal((await stack.api.db.sql`select 1 from users where id = ${root.user.id}`).length, 1);
});

/** What a browser keeps after it is closed and opened again: only cookies with an expiry. */
async function reopened(
  browser: StackBrowser,
  context: BrowserContext,
  baseURL: string,
): Promise<Page> {
  const kept = (await context.cookies()).filter((cookie) => cookie.expires !== -1);
  const next = await browser.newContext({ baseURL });
  await next.addCookies(kept);
  return await next.newPage();
}

async function logInWith(page: Page, email: string, password: string, remember: boolean) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByLabel("Keep me signed in").setChecked(remember);
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
}

Deno.test("Keep me signed in: unticked, the session ends with the browser; ticked, it outlives it", async () => {
  await using stack = await e2eStack();
  const alice = await stack.api.createUser({ username: "alice" });
  for (const remember of [false, true]) {
    const context = await stack.browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    await logInWith(page, alice.user.email, alice.password, remember);
    const cookie = (await context.cookies()).find((c) => c.name === "refresh_token");
    assert.ok(cookie, "a refresh cookie");
    assert.equal(cookie.expires === -1, !remember, `remember: ${remember}`);
    // A reload in the same browser keeps the session either way.
    await page.reload();
    assert.ok((await navLinks(page)).includes("Settings"), `reload, remember: ${remember}`);

    const later = await reopened(stack.browser, context, stack.url);
    await later.goto("/status");
    const signedIn = later.locator("li", { hasText: "User ID:" });
    const signedOut = later.getByText("You must be logged in to view this.");
    await signedIn.or(signedOut).waitFor();
    assert.equal(await signedIn.isVisible(), remember, `after a restart, remember: ${remember}`);
    await later.context().close();
    await context.close();
  }
});
