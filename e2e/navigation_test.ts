import assert from "node:assert/strict";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { heading, logInAs, navLinks } from "./pages.ts";
import { e2eStack } from "./stack.ts";

Deno.test("logged out, the navbar offers Home, About, Register and Log In, highlighting the page", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/about");
  assert.deepEqual(await navLinks(page), ["Home", "About", "Register", "Log In"]);
  const active = page.locator("nav .nav-link.active");
  assert.equal(await active.count(), 1);
  assert.equal((await active.textContent())?.trim(), "About");
  assert.equal(await active.getAttribute("aria-current"), "page");
  await page.locator("nav .nav-link", { hasText: "Home" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  assert.equal((await page.locator("nav .nav-link.active").textContent())?.trim(), "Home");
});

Deno.test("logged in, the navbar offers User Status and Log Out instead", async () => {
  await using stack = await e2eStack();
  const user = await stack.api.createUser();
  await logInAs(stack.page, user);
  assert.deepEqual(await navLinks(stack.page), [
    "Home",
    "About",
    "User Status",
    "Settings",
    "Log Out",
  ]);
});

Deno.test("an admin's navbar adds Users and Audit", async () => {
  await using stack = await e2eStack();
  await logInAs(stack.page, await stack.api.createUser({ admin: true }));
  assert.deepEqual(await navLinks(stack.page), [
    "Home",
    "About",
    "Users",
    "Audit",
    "User Status",
    "Settings",
    "Log Out",
  ]);
});

Deno.test("on a narrow screen the navbar collapses behind a toggle", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto("/");
  const about = page.locator("nav .nav-link", { hasText: "About" });
  const toggle = page.locator("nav .navbar-toggler");
  await toggle.waitFor();
  assert.equal(await about.isVisible(), false);
  await toggle.click();
  await about.waitFor({ state: "visible" });
  await about.click();
  await page.waitForURL((url) => url.pathname === "/about");
  assert.equal(await heading(page), "About");
});

Deno.test("/about describes the app", async () => {
  await using stack = await e2eStack();
  await stack.page.goto("/about");
  assert.equal(await heading(stack.page), "About");
  const text = await stack.page.locator("main").textContent();
  assert.ok((text ?? "").length > 40, "a short description of the app");
});

Deno.test("an unknown path shows Page not found with a link home", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/no/such/page");
  assert.equal(await heading(page), "Page not found");
  await page.locator("main a[href='/']").click();
  await page.waitForURL((url) => url.pathname === "/");
  assert.equal(await heading(page), "All Users");
});

Deno.test("every page logged out has no serious or critical axe-core violation", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const pages: [string, string][] = [
    ["/", "All Users"],
    ["/about", "About"],
    ["/register", "Register"],
    ["/login", "Login"],
    ["/status", "User Status"],
    ["/nope", "Page not found"],
  ];
  for (const [path, title] of pages) {
    await page.goto(path);
    if (path !== "/status") assert.equal(await heading(page), title);
    else await page.getByText("You must be logged in to view this.").waitFor();
    await assertNoSeriousA11yViolations(page);
  }
});

Deno.test("every page logged in, as an admin, has no serious or critical axe-core violation", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser();
  const admin = await stack.api.createUser({ admin: true });
  await logInAs(page, admin);
  for (const path of ["/", "/about", "/status", "/nope"]) {
    await page.goto(path);
    await page.locator("h1").waitFor();
    if (path === "/") await page.getByText(/^Showing \d+ of \d+$/).waitFor();
    if (path === "/status") await page.locator("li", { hasText: "User ID:" }).waitFor();
    await assertNoSeriousA11yViolations(page);
  }
  await page.goto("/logout");
  await page.getByText("You are now logged out.").waitFor();
  await assertNoSeriousA11yViolations(page);
});

Deno.test("typing an API address into the browser shows the app's page for it, and an unknown one is a 404", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  const shown = await page.goto(`/users/${alice.user.id}`);
  assert.equal(shown?.status(), 200);
  assert.equal(await heading(page), "alice");
  await page.getByText("User ID").waitFor();
  assert.equal(await page.getByText(alice.user.email).count(), 0, "no email for visitors");
  await page.goto("/users");
  assert.equal(await heading(page), "All Users");
  assert.equal(new URL(page.url()).pathname, "/");
  await page.goto("/users/999999");
  assert.equal(await heading(page), "User not found");
  await page.getByText("User does not exist.").waitFor();
  await page.goto("/audit");
  assert.equal(await heading(page), "Access denied");
  assert.equal(new URL(page.url()).pathname, "/admin/audit");

  const missing = await page.goto("/no/such/page");
  assert.equal(missing?.status(), 404);
  assert.equal(await heading(page), "Page not found");
});
