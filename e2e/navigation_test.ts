import assert from "node:assert/strict";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import {
  ADMIN_LINKS,
  clickNav,
  heading,
  LOGGED_IN_LINKS,
  LOGGED_OUT_LINKS,
  logInAs,
  navLinks,
} from "./pages.ts";
import { e2eStack } from "./stack.ts";

Deno.test("logged out, the navbar offers Home, About, Register and Log In, highlighting the page", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/about");
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
  const active = page.locator("nav .nav-link.active");
  assert.equal(await active.count(), 1);
  assert.equal((await active.textContent())?.trim(), "About");
  assert.equal(await active.getAttribute("aria-current"), "page");
  await clickNav(page, "Home");
  // The address changes before the new page renders, the navbar with it.
  await page.waitForURL((url) => url.pathname === "/");
  await heading(page);
  assert.equal((await page.locator("nav .nav-link.active").textContent())?.trim(), "Home");
});

Deno.test("logged in, the navbar offers User Status and Log Out instead", async () => {
  await using stack = await e2eStack();
  const user = await stack.api.createUser();
  await logInAs(stack.page, user);
  assert.deepEqual(await navLinks(stack.page), LOGGED_IN_LINKS);
});

Deno.test("an admin's navbar adds Users and Audit", async () => {
  await using stack = await e2eStack();
  await logInAs(stack.page, await stack.api.createUser({ admin: true }));
  assert.deepEqual(await navLinks(stack.page), ADMIN_LINKS);
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
  assert.equal(await heading(page), "All users");
});

for (const colorScheme of ["light", "dark"] as const) {
  Deno.test(`every page logged out has no serious or critical axe-core violation, ${colorScheme} mode`, async () => {
    await using stack = await e2eStack();
    const { page } = stack;
    await page.emulateMedia({ colorScheme });
    const pages: [string, string][] = [
      ["/", "All users"],
      ["/about", "About"],
      ["/register", "Register"],
      ["/login", "Log in"],
      ["/status", "User status"],
      ["/admin/users", "Access denied"],
      ["/nope", "Page not found"],
    ];
    for (const [path, title] of pages) {
      await page.goto(path);
      assert.equal(await heading(page), title);
      if (path === "/status") await page.getByText("You must be logged in to view this.").waitFor();
      assert.equal(
        await page.evaluate(() => document.documentElement.dataset.bsTheme),
        colorScheme,
      );
      await assertNoSeriousA11yViolations(page);
    }
    // The forms with their problems shown, and the strength meter.
    await page.goto("/register");
    await page.locator('input[name="password"]').fill("password1");
    await page.locator('input[type="submit"]').click();
    await page.getByText("There is a problem").waitFor();
    await page.getByText("Strength: Very weak").waitFor();
    await assertNoSeriousA11yViolations(page);
  });

  Deno.test(`every page logged in, as an admin, has no serious or critical axe-core violation, ${colorScheme} mode`, async () => {
    await using stack = await e2eStack();
    const { page } = stack;
    await page.emulateMedia({ colorScheme });
    await stack.api.createUser();
    const admin = await stack.api.createUser({ admin: true });
    await logInAs(page, admin);
    for (
      const path of ["/", "/about", "/status", "/settings", "/admin/users", "/admin/audit", "/nope"]
    ) {
      await page.goto(path);
      await page.locator("h1").waitFor();
      if (path === "/") await page.getByText(/^Showing \d+ of \d+$/).waitFor();
      if (path === "/status") await page.locator("li", { hasText: "User ID:" }).waitFor();
      if (path === "/settings") await page.getByText("This device").waitFor();
      if (path.startsWith("/admin")) await page.locator("main table tbody tr").first().waitFor();
      await assertNoSeriousA11yViolations(page);
    }
    await page.getByRole("button", { name: /^Account:/ }).click();
    await page.getByRole("button", { name: /^Theme/ }).click();
    await assertNoSeriousA11yViolations(page);
    await page.goto("/logout");
    await page.getByText("You are now logged out.").waitFor();
    await assertNoSeriousA11yViolations(page);
  });
}

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
  assert.equal(await heading(page), "All users");
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
