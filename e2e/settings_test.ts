import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestUser } from "../api/testing/api.ts";
import { tokenMailedTo } from "../api/testing/outbox.ts";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { clickNav, eventually, heading, logInAs, logInElsewhere, tableRows } from "./pages.ts";
import { e2eStack, type Stack } from "./stack.ts";

/** Logs in and opens /settings by the navbar; resolves once the sessions are listed. */
async function openSettings(stack: Stack, user: TestUser) {
  await logInAs(stack.page, user);
  await clickNav(stack.page, "Settings");
  await stack.page.waitForURL((url) => url.pathname === "/settings");
  await sessionRows(stack.page).first().waitFor();
}

function section(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

function sessionRows(page: Page) {
  return section(page, "Sessions").locator("tbody tr");
}

async function sessionDevices(page: Page): Promise<string[]> {
  return (await tableRows(section(page, "Sessions"))).map((row) => row[0]);
}

async function activity(page: Page): Promise<string[]> {
  return (await tableRows(section(page, "Recent activity"))).map((row) => row[0]);
}

Deno.test("/settings has Profile, Password, Sessions and Recent activity; visitors are sent to log in", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/settings");
  assert.equal(await heading(page), "Settings");
  await page.getByText("You must be logged in to view this. Log in to see this page").waitFor();
  assert.equal(await page.locator("h2").count(), 0);

  await openSettings(stack, await stack.api.createUser());
  assert.equal(await heading(page), "Settings");
  const h2 = (await page.locator("main h2").allTextContents()).map((t) => t.trim());
  assert.deepEqual(h2, [
    "Profile",
    "Password",
    "Two-step sign-in",
    "Passkeys",
    "Sessions",
    "Recent activity",
    "Your data and account",
  ]);
});

Deno.test("editing the profile saves username and email (the email with the current password), and /status shows them", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser({ email: "taken@example.com" });
  const user = await stack.api.createUser({ username: "olduser", email: "old@example.com" });
  await openSettings(stack, user);
  const profile = section(page, "Profile");
  const save = profile.getByRole("button", { name: "Save profile" });
  assert.equal(await profile.getByLabel("Username").inputValue(), "olduser");
  await save.click();
  await profile.getByRole("status").getByText("Nothing to save").waitFor();

  const current = profile.getByLabel("Current password");
  assert.equal(await current.count(), 0, "no password asked while the email stays");
  await profile.getByLabel("Email").fill("taken@example.com");
  await save.click();
  await profile.getByRole("alert").getByText("Enter your current password to change your email.")
    .waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("name")),
    "current_password",
  );
  await current.fill("not my password");
  await save.click();
  await profile.locator(".invalid-feedback", { hasText: "Current password is incorrect." })
    .waitFor();
  assert.equal(await current.getAttribute("aria-invalid"), "true");

  await current.fill(user.password);
  await save.click();
  // The same answer whether or not the address is taken: the profile cannot test addresses.
  await page.locator(".alert-success", { hasText: "Check your new inbox" }).first().waitFor();

  await profile.getByLabel("Username").fill("newuser");
  await profile.getByLabel("Email").fill("New@Example.com");
  await profile.getByLabel("Current password").fill(user.password);
  await profile.locator("li", { hasText: "3 to 32 characters" }).waitFor();
  await save.click();
  await eventually(async () => {
    const texts = await activity(page);
    return texts.some((t) =>
      t.startsWith("Profile updated (") && t.includes("username: olduser → newuser")
    ) && texts.some((t) => t.startsWith("Email change requested"));
  }, "the change in the recent activity");

  // The address moves once the link mailed to it is followed.
  const token = await tokenMailedTo(stack.api, "new@example.com", "email_change_confirm");
  const confirmed = await stack.api.request("/auth/email/verify", {
    method: "POST",
    json: { token },
  });
  assert.equal(confirmed.status, 200);
  await page.reload();
  await clickNav(page, "User status");
  await page.locator("main li", { hasText: "Username: newuser" }).waitFor();
  await page.locator("main li", { hasText: "Email: new@example.com" }).waitFor();
});

Deno.test("changing the password: a wrong current one is marked, the right one ends other sessions", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  const elsewhere = await logInElsewhere(stack.api, user.user.email, user.password);
  await openSettings(stack, user);
  // The browser's session, the fixture's and the one just started over HTTP.
  assert.equal(await sessionRows(page).count(), 3);

  const password = section(page, "Password");
  await password.getByLabel("Current password").fill("not my password");
  await password.getByLabel("New password").fill("a new long password");
  await password.getByRole("button", { name: "Change password" }).click();
  const error = password.locator(".invalid-feedback", {
    hasText: "Current password is incorrect.",
  });
  await error.waitFor();
  assert.equal(await password.getByLabel("Current password").getAttribute("aria-invalid"), "true");

  await password.getByLabel("Current password").fill(user.password);
  await password.getByRole("button", { name: "Change password" }).click();
  await page.locator(".alert-success", { hasText: "Password changed." }).waitFor();
  assert.equal(await password.getByLabel("New password").inputValue(), "");
  await eventually(async () => await sessionRows(page).count() === 1, "one session left");
  await sessionRows(page).getByText("This device").waitFor();
  const other = await stack.api.request("/auth/status", { token: elsewhere });
  assert.equal(other.status, 401);
  assert.ok(
    (await activity(page)).includes("Password changed"),
    "the change in the recent activity",
  );
});

Deno.test("sessions: this device is marked; Sign out ends one, Sign out everywhere else the rest", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  const phone = await logInElsewhere(
    stack.api,
    user.user.email,
    user.password,
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) " +
      "Chrome/126.0 Mobile Safari/537.36",
  );
  const script = await logInElsewhere(stack.api, user.user.email, user.password, "curl/8.5.0");
  await openSettings(stack, user);

  const devices = await sessionDevices(page);
  assert.equal(devices.length, 4);
  assert.ok(devices.includes("Chrome on Android"), `${devices}`);
  assert.ok(devices.includes("curl/8.5.0"), `${devices}`);
  const current = sessionRows(page).filter({ hasText: "This device" });
  assert.equal(await current.count(), 1);
  assert.match(await current.locator("td").first().textContent() ?? "", /^Chrome on Linux/);
  assert.equal(await current.getByRole("button", { name: "Sign out" }).count(), 0);
  const title = await current.locator("td [title]").getAttribute("title");
  assert.match(title ?? "", /HeadlessChrome|Chrome\//, "the full user agent in the title");
  // The browser is on the machine the service runs on.
  assert.equal(await current.locator("td").nth(1).textContent(), "this computer");

  await sessionRows(page).filter({ hasText: "curl/8.5.0" }).getByRole("button", {
    name: "Sign out",
  }).click();
  await page.locator(".alert-success", { hasText: "Session revoked." }).waitFor();
  await eventually(async () => await sessionRows(page).count() === 3, "three sessions left");
  assert.equal((await stack.api.request("/auth/status", { token: script })).status, 401);
  assert.equal((await stack.api.request("/auth/status", { token: phone })).status, 200);

  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await page.locator(".alert-success", { hasText: "Signed out 2 other sessions." }).waitFor();
  await eventually(async () => await sessionRows(page).count() === 1, "one session left");
  assert.equal(await page.getByRole("button", { name: "Sign out everywhere else" }).count(), 0);
  assert.equal((await stack.api.request("/auth/status", { token: phone })).status, 401);
  // This device is still signed in.
  await page.reload();
  await sessionRows(page).getByText("This device").waitFor();
});

Deno.test("recent activity lists one's own events newest first, in words, with Load more", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  const failed = await stack.api.request("/auth/login", {
    method: "POST",
    json: { email: user.user.email, password: "wrong password" },
  });
  assert.equal(failed.status, 401);
  await stack.api.db.sql`
    insert into audit_events (action, actor_id, target_id, ip, occurred_at)
    select 'auth.login', ${user.user.id}, ${user.user.id}, '10.0.0.' || n,
      now() - interval '1 day' - n * interval '1 minute'
    from generate_series(1, 60) n`;
  await openSettings(stack, user);

  const rows = section(page, "Recent activity").locator("tbody tr");
  await rows.first().waitFor();
  const [newest] = await tableRows(section(page, "Recent activity"));
  assert.equal(newest[0], "Logged in");
  assert.equal(newest[2], "this computer");
  assert.ok(newest[1].length > 0, "a time");
  const firstPage = await rows.count();
  assert.ok(firstPage < 62, `${firstPage} rows on the first page`);

  await section(page, "Recent activity").getByRole("button", { name: "Load more" }).click();
  await eventually(async () => await rows.count() === 62, "all 62 events");
  const texts = await activity(page);
  assert.equal(texts.filter((t) => t === "Log-in attempt failed").length, 1);
  assert.equal(texts.filter((t) => t === "Logged in").length, 61);
});

Deno.test("/settings has no serious or critical axe-core violation", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInElsewhere(stack.api, user.user.email, user.password);
  await openSettings(stack, user);
  await section(page, "Recent activity").locator("tbody tr").first().waitFor();
  await assertNoSeriousA11yViolations(page);

  const password = section(page, "Password");
  await password.getByLabel("Current password").fill("not my password");
  await password.getByLabel("New password").fill("a new long password");
  await password.getByRole("button", { name: "Change password" }).click();
  await password.locator(".invalid-feedback").waitFor();
  await assertNoSeriousA11yViolations(page);
});
