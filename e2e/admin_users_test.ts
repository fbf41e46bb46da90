import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { tokenMailedTo } from "../api/testing/outbox.ts";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import {
  ADMIN_LINKS,
  clickNav,
  eventually,
  heading,
  LOGGED_IN_LINKS,
  logInAs,
  navLinks,
  tableRows,
} from "./pages.ts";
import { e2eStack, type Stack } from "./stack.ts";

/** Logs in as a new admin and opens /admin/users by the navbar; resolves once the rows are in. */
async function openAsAdmin(stack: Stack) {
  const admin = await stack.api.createUser({ username: "root", admin: true });
  await logInAs(stack.page, admin);
  await clickNav(stack.page, "Users");
  await stack.page.waitForURL((url) => url.pathname === "/admin/users");
  // The router keeps the last page on screen while this one loads: wait for this one's heading.
  await stack.page.getByRole("heading", { level: 1, name: "Users", exact: true }).waitFor();
  await stack.page.locator("main tbody tr").first().waitFor();
  return admin;
}

async function usernames(page: Page): Promise<string[]> {
  return (await tableRows(page)).map((row) => row[1]);
}

async function showsUsernames(page: Page, expected: string[]) {
  await eventually(
    async () => JSON.stringify(await usernames(page)) === JSON.stringify(expected),
    `the rows ${expected}`,
  );
}

function row(page: Page, username: string) {
  return page.locator("main tbody tr").filter({
    has: page.locator("td:nth-child(2)", { hasText: new RegExp(`^${username}$`) }),
  });
}

function flag(page: Page, name: "Active" | "Admin", username: string) {
  return page.getByRole("switch", { name: `${name}: ${username}`, exact: true });
}

/** Waits for the dialog's fade-in to end: axe-core would measure contrast through it half-way. */
async function transitionsDone(page: Page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState === "finished")
  );
}

/** The error summary's items, once it shows. */
async function summary(scope: Locator): Promise<string[]> {
  const box = scope.locator(".error-summary");
  await box.getByText("There is a problem").waitFor();
  return (await box.locator("li").allTextContents()).map((text) => text.trim());
}

function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute("name") ?? null);
}

async function success(page: Page, message: string) {
  await page.locator(".alert-success", { hasText: message }).waitFor();
}

Deno.test("an admin searches users by name or email and filters them by Active and Admin", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser({ username: "alice", email: "alice@example.com" });
  await stack.api.createUser({ username: "bob", email: "bob@mail.test", active: false });
  await stack.api.createUser({ username: "carol", email: "carol@example.com", admin: true });
  await openAsAdmin(stack);
  assert.equal(await heading(page), "Users");
  const headers = (await page.locator("main thead th").allTextContents()).map((t) => t.trim());
  assert.deepEqual(headers, [
    "User ID",
    "Username",
    "Email",
    "Active",
    "Admin",
    "Two-step",
    "Created Date",
    "Actions",
  ]);
  await showsUsernames(page, ["root", "carol", "bob", "alice"]);

  const searched = page.waitForRequest((r) => new URL(r.url()).searchParams.get("q") === "MAIL");
  await page.getByLabel("Search").fill("MAIL");
  await searched;
  await showsUsernames(page, ["bob"]);
  await page.getByLabel("Search").fill("ali");
  await showsUsernames(page, ["alice"]);
  await page.getByLabel("Search").fill("");
  await showsUsernames(page, ["root", "carol", "bob", "alice"]);

  await page.getByLabel("Active", { exact: true }).selectOption({ label: "No" });
  await showsUsernames(page, ["bob"]);
  await page.getByLabel("Active", { exact: true }).selectOption({ label: "Yes" });
  await page.getByLabel("Admin", { exact: true }).selectOption({ label: "Yes" });
  await showsUsernames(page, ["root", "carol"]);
  await page.getByLabel("Search").fill("car");
  await showsUsernames(page, ["carol"]);
  await page.getByText("Showing 1 of 1").waitFor();
  // The search is in the address: a reload, and Back from another page, keep it.
  assert.equal(new URL(page.url()).search, "?q=car&active=true&admin=true");
  await page.reload();
  await showsUsernames(page, ["carol"]);
  assert.equal(await page.getByLabel("Search").inputValue(), "car");
  assert.equal(await page.getByLabel("Admin", { exact: true }).inputValue(), "true");
  await clickNav(page, "Audit trail");
  await page.waitForURL((url) => url.pathname === "/admin/audit");
  await page.goBack();
  await showsUsernames(page, ["carol"]);
  assert.equal(await page.getByLabel("Search").inputValue(), "car");

  await page.getByLabel("Search").fill("nobody");
  await page.getByText("No users match.").waitFor();
});

Deno.test("Load more pages through the search results", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.db.sql`
    insert into users (username, email, password_hash)
    select 'bulk' || n, 'bulk' || n || '@example.com', 'x' from generate_series(1, 70) n`;
  await openAsAdmin(stack);
  const loadMore = page.getByRole("button", { name: "Load more" });
  await page.getByText("Showing 50 of 71").waitFor();
  await loadMore.click();
  await eventually(async () => (await tableRows(page)).length === 71, "all 71 rows");
  await page.getByText("Showing 71 of 71").waitFor();
  assert.equal(await loadMore.count(), 0);
  const names = await usernames(page);
  assert.equal(new Set(names).size, 71, "no row twice");
  assert.equal(names.at(-1), "bulk1");
});

Deno.test("a switch asks first, naming the user and the effect: Cancel changes nothing, confirming ends their sessions", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  await openAsAdmin(stack);
  const stored = async () => ({
    ...(await stack.api.db.sql`select active, admin from users where id = ${alice.user.id}`)[0],
  });

  await flag(page, "Active", "alice").click();
  const deactivate = page.getByRole("dialog", { name: "Deactivate alice?" });
  await deactivate.getByText("alice can no longer log in, and every session they have ends now.")
    .waitFor();
  assert.equal(await flag(page, "Active", "alice").isChecked(), true, "nothing moved yet");
  await deactivate.getByRole("button", { name: "Cancel" }).click();
  await deactivate.waitFor({ state: "detached" });
  assert.equal(await flag(page, "Active", "alice").isChecked(), true);
  assert.deepEqual(await stored(), { active: true, admin: false });
  assert.equal((await stack.api.request("/auth/status", { token: alice.token })).status, 200);

  await flag(page, "Active", "alice").click();
  await deactivate.getByRole("button", { name: "Deactivate" }).click();
  await success(page, "User updated.");
  assert.equal(await flag(page, "Active", "alice").isChecked(), false);
  assert.deepEqual(await stored(), { active: false, admin: false });
  assert.equal((await stack.api.request("/auth/status", { token: alice.token })).status, 401);

  // By keyboard: Space on the switch opens the question, it does not make anyone an admin.
  await flag(page, "Admin", "alice").focus();
  await page.keyboard.press("Space");
  const promote = page.getByRole("dialog", { name: "Make alice an admin?" });
  await promote.getByText(/alice will be able to manage every user/).waitFor();
  assert.deepEqual(await stored(), { active: false, admin: false });
  await page.keyboard.press("Escape");
  await promote.waitFor({ state: "detached" });
  assert.deepEqual(await stored(), { active: false, admin: false });
  await page.keyboard.press("Space");
  await promote.getByRole("button", { name: "Make admin" }).click();
  await success(page, "User updated.");
  await eventually(async () => (await stored()).admin === true, "alice to be an admin");
  assert.equal(await flag(page, "Admin", "alice").isChecked(), true);

  await flag(page, "Admin", "alice").click();
  await page.getByRole("dialog", { name: "Remove alice's admin rights?" })
    .getByRole("button", { name: "Remove admin rights" }).click();
  await eventually(async () => (await stored()).admin === false, "alice to be no admin");
});

Deno.test("an admin's own row has its switches and Delete disabled, with the reason", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser({ username: "alice" });
  await openAsAdmin(stack);
  const reason = "This is you: another admin can change your access or delete your account.";
  for (const name of ["Active", "Admin"] as const) {
    assert.equal(await flag(page, name, "root").isDisabled(), true, name);
    assert.equal(await flag(page, name, "alice").isDisabled(), false, name);
    // The reason is the switch's description, so a screen reader says it too.
    const described = await flag(page, name, "root").evaluate((input) =>
      document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent
    );
    assert.equal(described, reason);
  }
  const deleteRoot = row(page, "root").getByRole("button", { name: "Delete" });
  assert.equal(await deleteRoot.isDisabled(), true);
  assert.equal(await row(page, "root").getByText(reason).isVisible(), true);
  assert.equal(
    await row(page, "alice").getByRole("button", { name: "Delete" }).isDisabled(),
    false,
  );
  assert.equal(await row(page, "alice").getByText(reason).count(), 0);
  // Edit and Reset password stay: one's own name, email and password are fine to change.
  assert.equal(await row(page, "root").getByRole("button", { name: "Edit" }).isDisabled(), false);
});

Deno.test("Edit changes a username and email in a dialog; a duplicate email is refused inside it", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser({ username: "alice", email: "alice@example.com" });
  await stack.api.createUser({ username: "bob", email: "bob@example.com" });
  await openAsAdmin(stack);

  await row(page, "alice").getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit alice" });
  await dialog.getByLabel("Email").fill("bob@example.com");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.locator(".alert-danger", { hasText: "Sorry. That email already exists." })
    .waitFor();

  await dialog.getByLabel("Username").fill("alicia");
  await dialog.getByLabel("Email").fill("Alicia@Example.com");
  await dialog.getByRole("button", { name: "Save" }).click();
  await success(page, "User updated.");
  await dialog.waitFor({ state: "detached" });
  const [, username, email] = (await tableRows(page)).find((r) => r[1] === "alicia")!;
  assert.deepEqual([username, email], ["alicia", "alicia@example.com"]);
});

Deno.test("an admin changing their own email in the dialog gives their current password", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const admin = await openAsAdmin(stack);

  await row(page, "root").getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit root" });
  const save = dialog.getByRole("button", { name: "Save" });
  await dialog.getByLabel("Email").fill("root-new@example.com");
  const current = dialog.getByLabel("Your current password");
  // Save stays usable: pressed without the password, it says so and moves focus there.
  assert.equal(await save.isDisabled(), false);
  await save.click();
  assert.deepEqual(await summary(dialog), ["Enter your current password."]);
  assert.equal(await focusedName(page), "current_password");
  await current.fill("not my password");
  await save.click();
  await dialog.getByText("Current password is incorrect.").waitFor();

  await current.fill(admin.password);
  await save.click();
  // Their own address moves only through the link mailed to it, admins' too.
  await success(page, "Check your new inbox");
  const token = await tokenMailedTo(stack.api, "root-new@example.com", "email_change_confirm");
  const confirmed = await stack.api.request("/auth/email/verify", {
    method: "POST",
    json: { token },
  });
  assert.equal(confirmed.status, 200);
  const [stored] = await stack.api.db.sql`select email from users where id = ${admin.user.id}`;
  assert.equal(stored.email, "root-new@example.com");
});

Deno.test("Reset password sets a new one that the user can log in with", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  await openAsAdmin(stack);

  await row(page, "alice").getByRole("button", { name: "Reset password" }).click();
  const dialog = page.getByRole("dialog", { name: "Reset the password of alice" });
  const submit = dialog.getByRole("button", { name: "Set password" });
  assert.equal(await submit.isDisabled(), false);
  await submit.click();
  assert.deepEqual(await summary(dialog), ["Choose a password."]);
  assert.equal(await focusedName(page), "password");
  await dialog.getByLabel("New password").fill("short");
  await dialog.locator("li", { hasText: "At least 8 characters" }).first().waitFor();
  await submit.click();
  await dialog.locator(".error-summary li", { hasText: /at least 8 characters/i }).waitFor();
  assert.equal(await focusedName(page), "password");
  await dialog.getByLabel("New password").fill("a brand new password");
  await submit.click();
  await success(page, "User updated.");
  await dialog.waitFor({ state: "detached" });

  const login = (password: string) =>
    stack.api.request("/auth/login", {
      method: "POST",
      json: { email: alice.user.email, password },
    });
  assert.equal((await login("a brand new password")).status, 200);
  assert.equal((await login(alice.password)).status, 401);
});

Deno.test("Delete asks first: Cancel keeps the user, Delete removes the row", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  await openAsAdmin(stack);

  await row(page, "alice").getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete alice?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal(await row(page, "alice").count(), 1);

  await page.getByText("Showing 2 of 2").waitFor();
  await row(page, "alice").getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await success(page, "User deleted.");
  await eventually(async () => await row(page, "alice").count() === 0, "alice's row to go");
  // The total follows without a reload.
  await page.getByText("Showing 1 of 1").waitFor();
  const found = await stack.api.db.sql`select 1 from users where id = ${alice.user.id}`;
  assert.equal(found.length, 0);
});

Deno.test("Add User opens the form in a dialog; the new user tops the table", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser({ username: "alice", email: "alice@example.com" });
  await openAsAdmin(stack);

  await page.getByText("Showing 2 of 2").waitFor();
  await page.getByRole("button", { name: "Add User" }).click();
  const dialog = page.getByRole("dialog", { name: "Add User" });
  // Add User stays usable in the empty form: it lists what is missing and focuses the first.
  await dialog.getByRole("button", { name: "Add User" }).click();
  assert.deepEqual(await summary(dialog), [
    "Enter a username.",
    "Enter an email address.",
    "Choose a password.",
  ]);
  assert.equal(await focusedName(page), "username");
  await assertNoSeriousA11yViolations(page);
  await dialog.getByLabel("Username").fill("gina");
  await dialog.getByLabel("Email").fill("alice@example.com");
  await dialog.getByLabel("Password").fill("a password for the new hire");
  await dialog.getByLabel("Admin").check();
  await dialog.getByRole("button", { name: "Add User" }).click();
  await dialog.locator(".alert-danger", { hasText: "Sorry. That email already exists." })
    .waitFor();

  await dialog.getByLabel("Email").fill("Gina@Example.com");
  await dialog.getByRole("button", { name: "Add User" }).click();
  await success(page, "gina@example.com was added!");
  await dialog.waitFor({ state: "detached" });
  const [top] = await tableRows(page);
  assert.deepEqual(top.slice(1, 3), ["gina", "gina@example.com"]);
  assert.equal(await flag(page, "Admin", "gina").isChecked(), true);
  // The total counts the new user, here and in the directory.
  await page.getByText("Showing 3 of 3").waitFor();
  await clickNav(page, "Home");
  await page.waitForURL((url) => url.pathname === "/");
  await page.getByText("Showing 3 of 3").waitFor();
});

Deno.test("visitors and non-admins get Access denied at /admin/users, and no admin links", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/admin/users");
  assert.equal(await heading(page), "Access denied");
  // A visitor may be an admin who has not logged in yet: the way in comes back here.
  await page.getByRole("link", { name: "Log in to see this page" }).waitFor();

  const user = await stack.api.createUser();
  await logInAs(page, user);
  assert.deepEqual(await navLinks(page), LOGGED_IN_LINKS);
  await page.goto("/admin/users");
  assert.equal(await heading(page), "Access denied");
  await page.getByText("You do not have permission to view this page.").waitFor();
  assert.equal(await page.locator("main table").count(), 0);
});

Deno.test("an admin's navbar has Users and Audit; the page and its dialogs pass axe-core", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser({ username: "alice" });
  await openAsAdmin(stack);
  assert.deepEqual(await navLinks(page), ADMIN_LINKS);
  await assertNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Add User" }).click();
  const add = page.getByRole("dialog", { name: "Add User" });
  await add.getByLabel("Username").waitFor();
  await eventually(
    () => add.evaluate((dialog) => dialog.contains(document.activeElement)),
    "focus inside the dialog",
  );
  await transitionsDone(page);
  await assertNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await add.waitFor({ state: "detached" });

  await row(page, "alice").getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete alice?" }).waitFor();
  await transitionsDone(page);
  await assertNoSeriousA11yViolations(page);
});
