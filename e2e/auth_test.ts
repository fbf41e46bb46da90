import assert from "node:assert/strict";
import {
  clickNav,
  eventually,
  heading,
  LOGGED_IN_LINKS,
  LOGGED_OUT_LINKS,
  logInAs,
  navLinks,
} from "./pages.ts";
import { e2eStack } from "./stack.ts";

Deno.test("registering: the submit says what breaks the rules, then welcomes the new user on /", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/register");
  assert.equal(await heading(page), "Register");
  const submit = page.locator('input[type="submit"]');
  assert.equal(await submit.isDisabled(), false);

  await page.locator('input[name="username"]').fill("ab");
  await page.locator('input[name="email"]').fill("dana@example");
  await page.locator('input[name="password"]').fill("short");
  const unmet = async () =>
    (await page.locator("form ~ * li, form li").allTextContents()).join("|");
  const before = await unmet();
  assert.match(before, /3 to 32 characters/);
  assert.match(before, /At least 8 characters/);
  await submit.click();
  await page.getByRole("alert").getByText("There is a problem").waitFor();

  await page.locator('input[name="username"]').fill("dana");
  await page.locator('input[name="email"]').fill("dana@example.com");
  await page.locator('input[name="password"]').fill("a long enough password");
  await eventually(
    async () => (await page.locator(".error-summary").count()) === 0,
    "the summary to go once the rules are met",
  );
  await submit.click();

  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
  assert.deepEqual(await navLinks(page), LOGGED_IN_LINKS);
  const [row] = await stack.api.db.sql`select username from users where email = 'dana@example.com'`;
  assert.equal(row.username, "dana");
});

Deno.test("the rule list marks each rule met or unmet while typing", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/register");
  const rule = page.locator("li", { hasText: "At least 8 characters" });
  await page.locator('input[name="password"]').fill("1234567");
  const unmetState = await rule.evaluate((li) => li.outerHTML);
  await page.locator('input[name="password"]').fill("12345678");
  await eventually(
    async () => (await rule.evaluate((li) => li.outerHTML)) !== unmetState,
    "the rule to change state",
  );
});

Deno.test("registering an existing user keeps the form and shows the API's message", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const existing = await stack.api.createUser({ email: "erin@example.com" });
  await page.goto("/register");
  await page.locator('input[name="username"]').fill("erin2");
  await page.locator('input[name="email"]').fill(existing.user.email);
  await page.locator('input[name="password"]').fill("another password");
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-danger", { hasText: "Sorry. That user already exists." }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/register");
  assert.equal(await page.locator('input[name="username"]').inputValue(), "erin2");
});

Deno.test("logging in with the right password welcomes the user on /", async () => {
  await using stack = await e2eStack();
  const user = await stack.api.createUser();
  await logInAs(stack.page, user);
  assert.deepEqual(await navLinks(stack.page), LOGGED_IN_LINKS);
});

Deno.test("logging in with a wrong password keeps the form and shows the API's message", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/login");
  assert.equal(await heading(page), "Log in");
  await page.locator('input[name="email"]').fill(user.user.email);
  await page.locator('input[name="password"]').fill("not the password");
  await page.locator('input[type="submit"]').click();
  await page.locator(".alert-danger", { hasText: "Invalid email or password." }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/login");
  assert.equal(await page.locator('input[name="email"]').inputValue(), user.user.email);
});

Deno.test("the login form works with the keyboard alone", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/login");
  await page.locator('input[name="email"]').focus();
  await page.keyboard.type(user.user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
});

Deno.test("a logged-in person opening /login or /register is sent to /", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await logInAs(page, await stack.api.createUser());
  for (const path of ["/login", "/register"]) {
    await page.goto(path);
    await page.waitForURL((url) => url.pathname === "/");
    assert.equal(await heading(page), "All users");
  }
});

Deno.test("/status lists the user's details when logged in", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser({ admin: true });
  await logInAs(page, user);
  await clickNav(page, "User status");
  await page.locator("li", { hasText: "User ID:" }).waitFor();
  const items = (await page.locator("main li").allTextContents()).map((t) => t.trim());
  assert.deepEqual(items.map((t) => t.split(":")[0]), [
    "User ID",
    "Email",
    "Username",
    "Created Date",
    "Admin",
  ]);
  assert.equal(items[0], `User ID: ${user.user.id}`);
  assert.equal(items[1], `Email: ${user.user.email}`);
  assert.equal(items[2], `Username: ${user.user.username}`);
  assert.equal(await page.locator("main li strong").first().textContent(), "User ID:");
});

Deno.test("/status asks a logged-out visitor to log in, linking to /login and back", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/status");
  const text = page.getByText("You must be logged in to view this. Log in to see this page");
  await text.waitFor();
  await text.getByRole("link", { name: "Log in to see this page" }).click();
  await page.waitForURL((url) => url.pathname === "/login" && url.search === "?next=%2Fstatus");
});

Deno.test("logging out says so, links back to /login and forgets the session", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await logInAs(page, await stack.api.createUser());
  await clickNav(page, "Log out");
  const text = page.getByText("You are now logged out. Log in again");
  await text.waitFor();
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
  await page.reload();
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
  await text.getByRole("link", { name: "Log in again" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
});

Deno.test("a session survives a page reload", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await page.goto("/status");
  await page.reload();
  await page.locator("li", { hasText: "User ID:" }).waitFor();
  assert.deepEqual(await navLinks(page), LOGGED_IN_LINKS);
});

Deno.test("when the session is revoked elsewhere the app logs out and says why", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await stack.api.db.sql`update sessions set revoked_at = now() where user_id = ${user.user.id}`;
  await clickNav(page, "User status");
  await page.locator(".alert-danger", { hasText: "Session expired. Please log in again." })
    .waitFor();
  await page.getByText("You must be logged in to view this.").waitFor();
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
});
