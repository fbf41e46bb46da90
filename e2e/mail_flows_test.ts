/**
 * The mailed links end to end: the API sends real mail over SMTP to the stack's catcher, the test
 * reads it as a person would and follows its link in Chromium, through Caddy.
 */
import assert from "node:assert/strict";
import type { Page, Request } from "playwright-core";
import type { CaughtMail, MailCatcher } from "../api/testing/mail_catcher.ts";
import { heading, LOGGED_OUT_LINKS, logIn, logInAs, navLinks } from "./pages.ts";
import { e2eStack } from "./stack.ts";

/**
 * The link to `path` (with its token) in the next mail to `to` that has one; mails without one
 * (a sign-in notice, say) are passed over. Text and HTML part carry the same link.
 */
async function mailedLink(mail: MailCatcher, to: string, origin: string, path: string) {
  const escaped = (origin + path).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const pattern = new RegExp(`${escaped}#token=[\\w.-]+`, "g");
  for (;;) {
    const caught: CaughtMail = await mail.next(to);
    const links = [...new Set(caught.text.match(pattern))];
    if (links.length === 0) continue;
    assert.equal(links.length, 1, `one ${path} link in the text part:\n${caught.text}`);
    assert.ok(caught.html.includes(links[0]), "the same link in the HTML part");
    return links[0];
  }
}

/**
 * Opens a mailed link. Its token is out of the address bar at once, and no request the page makes
 * (the app's files, the API's calls, their Referer headers) carries it.
 */
async function follow(page: Page, link: string) {
  const token = new URL(link).hash.slice("#token=".length);
  const leaks: string[] = [];
  const watch = (request: Request) => {
    const referer = request.headers()["referer"] ?? "";
    if (request.url().includes(token) || referer.includes(token)) leaks.push(request.url());
  };
  page.on("request", watch);
  try {
    await page.goto(link);
    assert.equal(new URL(page.url()).hash, "", "the token is gone from the address bar");
    await page.locator("h1").waitFor();
  } finally {
    page.off("request", watch);
  }
  assert.deepEqual(leaks, [], "no request carries the token");
}

Deno.test("register with verification required: mail → link → verified, then log in", async () => {
  await using stack = await e2eStack({ REQUIRE_EMAIL_VERIFICATION: "true" }, { withMail: true });
  const { page } = stack;
  await page.goto("/register");
  await page.getByLabel("Username").fill("vera");
  await page.getByLabel("Email").fill("vera@example.com");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Register" }).click();
  await page.getByRole("region", { name: "Check your email" })
    .getByText("Check your email to finish registering.").waitFor();
  assert.deepEqual(
    await navLinks(page),
    LOGGED_OUT_LINKS,
    "no session before the address is confirmed",
  );

  // Logging in before following the link offers a new one.
  await page.goto("/login");
  await page.getByLabel("Email").fill("vera@example.com");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("region", { name: "Verify your email address" }).waitFor();

  await follow(page, await mailedLink(stack.mail, "vera@example.com", stack.url, "/verify-email"));
  await page.waitForURL((url) => url.pathname === "/login");
  await page.locator(".alert-success", { hasText: "Email address confirmed." }).waitFor();
  const [row] = await stack.api.db.sql`
    select email_verified_at from users where email = 'vera@example.com'`;
  assert.ok(row.email_verified_at instanceof Date);

  await logIn(page, "vera@example.com", "a long enough password");
  assert.equal(await page.getByRole("region", { name: "Verify your email" }).count(), 0);
});

Deno.test("register without required verification: the banner until the mailed link is followed", async () => {
  await using stack = await e2eStack({ REQUIRE_EMAIL_VERIFICATION: "false" }, { withMail: true });
  const { page } = stack;
  await page.goto("/register");
  await page.getByLabel("Username").fill("bart");
  await page.getByLabel("Email").fill("bart@example.com");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Register" }).click();
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  const banner = page.getByRole("region", { name: "Verify your email" });
  await banner.waitFor();

  await follow(page, await mailedLink(stack.mail, "bart@example.com", stack.url, "/verify-email"));
  await page.waitForURL((url) => url.pathname === "/");
  await page.locator(".alert-success", { hasText: "Email address confirmed." }).waitFor();
  await banner.waitFor({ state: "detached" });
});

Deno.test("forgot password: mail → reset → log in with the new password; the old session is gone", async () => {
  await using stack = await e2eStack({}, { withMail: true });
  const user = await stack.api.createUser({ email: "fred@example.com" });
  // The session of another browser, open while the password is reset.
  const old = await stack.browser.newPage({ baseURL: stack.url });
  await logInAs(old, user);

  const { page } = stack;
  await page.goto("/login");
  await page.getByLabel("Email").fill("fred@example.com");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.getByRole("button", { name: "Send reset link" }).click();
  await page.getByText("If that address has an account, a reset link is on its way.").waitFor();

  await follow(
    page,
    await mailedLink(stack.mail, "fred@example.com", stack.url, "/reset-password"),
  );
  assert.equal(await heading(page), "Reset password");
  await page.getByLabel("New password", { exact: true }).fill("a fresh passphrase");
  await page.getByLabel("Repeat the new password").fill("a fresh passphrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await page.locator(".alert-success", { hasText: "Log in with your new password." }).waitFor();

  await logIn(page, "fred@example.com", "a fresh passphrase");
  const status = await stack.api.request("/auth/status", { token: user.token });
  assert.equal(status.status, 401, "the old session's token is refused");
  await old.reload();
  assert.deepEqual(await navLinks(old), LOGGED_OUT_LINKS, "the other browser is logged out");
});

Deno.test("changing one's email: 'check your new inbox', then the link from the new inbox moves the account", async () => {
  await using stack = await e2eStack({}, { withMail: true });
  const { page } = stack;
  const user = await stack.api.createUser({ email: "ema@example.com" });
  await logInAs(page, user);
  await page.goto("/settings");
  const profile = page.getByRole("region", { name: "Profile", exact: true });
  await profile.getByLabel("Email").fill("ema.new@example.com");
  await profile.getByLabel("Current password").fill(user.password);
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByRole("status").getByText("Check your new inbox").waitFor();
  const [before] = await stack.api.db.sql`select email from users where id = ${user.user.id}`;
  assert.equal(before.email, "ema@example.com", "nothing changes before the link is followed");

  await follow(
    page,
    await mailedLink(stack.mail, "ema.new@example.com", stack.url, "/verify-email"),
  );
  await page.waitForURL((url) => url.pathname === "/");
  await page.locator(".alert-success", { hasText: "Email address changed." }).waitFor();
  await page.goto("/status");
  await page.locator("main li", { hasText: "Email: ema.new@example.com" }).waitFor();
});
