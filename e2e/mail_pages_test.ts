/**
 * The pages of the mailed links and their forms, with the API's answers played by the browser
 * (page.route) where a real one is hard to bring about on cue: a 429 with its Retry-After, a
 * refused token, an answer that depends on settings. The flows with real mail are in
 * mail_flows_test.ts.
 */
import assert from "node:assert/strict";
import type { Page, Request } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { heading, logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** Answers requests to `path` with `answers` in turn (the last one again); returns what was sent. */
async function stub(page: Page, method: string, path: string, ...answers: Answer[]) {
  const sent: Request[] = [];
  await page.route((url) => url.pathname === path, async (route) => {
    if (route.request().method() !== method) return await route.fallback();
    sent.push(route.request());
    const answer = answers[Math.min(sent.length, answers.length) - 1];
    await route.fulfill({
      status: answer.status,
      headers: answer.headers,
      contentType: "application/json",
      body: answer.body === undefined ? "" : JSON.stringify(answer.body),
    });
  });
  return sent;
}

/** The signed-in user as the API describes them, with `email_verified_at` as given. */
async function statusWithVerification(page: Page, verifiedAt: string | null) {
  await page.route((url) => url.pathname === "/auth/status", async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    if (body.data) body.data.email_verified_at = verifiedAt;
    await route.fulfill({ response, json: body });
  });
}

const accepted = (message: string): Answer => ({
  status: 202,
  body: { status: "success", message },
});

const tooMany = (seconds: number): Answer => ({
  status: 429,
  headers: { "Retry-After": String(seconds) },
  body: { status: "fail", message: `Too many attempts. Try again in ${seconds} seconds.` },
});

Deno.test("'Forgot password?' on the login form opens a form that shows the API's neutral answer, then holds back", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const neutral = "If that address has an account, a reset link is on its way.";
  const sent = await stub(
    page,
    "POST",
    "/auth/password/forgot",
    { status: 202, body: { status: "success", message: neutral } },
  );
  await page.goto("/login");
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL((url) => url.pathname === "/forgot-password");
  await page.getByRole("heading", { level: 1, name: "Forgot password" }).waitFor();
  assert.equal(await page.title(), "Forgot password · Users Service");
  assert.equal(await page.getByLabel("Email").inputValue(), "someone@example.com", "carried over");
  await assertNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Send reset link" }).click();
  await page.getByRole("status").getByText(neutral).waitFor();
  assert.deepEqual(sent.map((r) => r.postDataJSON()), [{ email: "someone@example.com" }]);
  // One mail a minute per address: the button says when it can be used again.
  await page.getByRole("timer").getByText(/Try again in \d+ s\./).waitFor();
  assert.equal(await page.getByRole("button", { name: "Send reset link" }).isDisabled(), true);
});

Deno.test("the forgot-password form waits out a 429's Retry-After", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stub(page, "POST", "/auth/password/forgot", tooMany(42));
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await page.getByText("Too many attempts. Try again in 42 seconds.").waitFor();
  await page.getByRole("timer").getByText(/Try again in (42|41|40) s\./).waitFor();
});

Deno.test("the reset page takes the token out of the address bar, asks for the password twice with the rules, then sends to login", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const sent = await stub(page, "POST", "/auth/password/reset", {
    status: 200,
    body: { status: "success", message: "Your password was changed." },
  });
  await page.goto("/reset-password#token=sel.verifier");
  assert.equal(await heading(page), "Reset password");
  assert.equal(await page.title(), "Reset password · Users Service");
  const address = new URL(page.url());
  assert.equal(address.hash, "", "the token left the address bar");
  assert.equal(address.pathname, "/reset-password");
  assert.equal(await page.evaluate(() => location.href.includes("sel.verifier")), false);
  await assertNoSeriousA11yViolations(page);

  const submit = page.getByRole("button", { name: "Set new password" });
  const problems = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByText("At least 8 characters").waitFor();
  await submit.click();
  await problems.waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("name")),
    "password",
    "focus on the first field in question",
  );
  await page.getByLabel("New password", { exact: true }).fill("a brand new password");
  await page.getByLabel("Repeat the new password").fill("a brand new passwor");
  await submit.click();
  await problems.getByText("The passwords differ.").waitFor();
  await page.getByLabel("Repeat the new password").fill("a brand new password");
  await submit.click();

  await page.waitForURL((url) => url.pathname === "/login");
  await page.locator(".alert-success", {
    hasText: "Your password was changed. Log in with your new password.",
  }).waitFor();
  assert.deepEqual(sent.map((r) => r.postDataJSON()), [
    { token: "sel.verifier", password: "a brand new password" },
  ]);
});

Deno.test("the reset page shows a password rule the API refused under the field, and a dead link as such", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stub(
    page,
    "POST",
    "/auth/password/reset",
    {
      status: 400,
      body: {
        status: "fail",
        message: "Invalid payload.",
        errors: [{ field: "password", message: "Password is too common." }],
      },
    },
    {
      status: 400,
      body: {
        status: "fail",
        message: "Invalid payload.",
        reason: "invalid_token",
        errors: [{ field: "token", message: "This link is invalid or has expired." }],
      },
    },
  );
  await page.goto("/reset-password#token=sel.verifier");
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("Repeat the new password").fill("password1234");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.locator(".invalid-feedback", { hasText: "Password is too common." }).waitFor();
  assert.equal(
    await page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid"),
    "true",
  );

  await page.getByLabel("New password", { exact: true }).fill("a far better password");
  await page.getByLabel("Repeat the new password").fill("a far better password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.getByText("This link is invalid or has expired.").waitFor();
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await page.waitForURL((url) => url.pathname === "/forgot-password");
});

Deno.test("the reset and verify pages opened without a token say where the link comes from", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/reset-password");
  await page.getByText("This page opens from the link in a password reset email.").waitFor();
  await page.goto("/verify-email");
  assert.equal(await heading(page), "Verify email");
  await page.getByText("This page opens from the link in our email.").waitFor();
  await assertNoSeriousA11yViolations(page);
});

Deno.test("the verify page confirms once, then sends a visitor to login; a refused link says so", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const sent = await stub(page, "POST", "/auth/email/verify", {
    status: 200,
    body: {
      status: "success",
      message: "Your email address is verified.",
      data: { email: "a@example.com", purpose: "verify" },
    },
  }, {
    status: 400,
    body: {
      status: "fail",
      message: "This link is invalid or has expired.",
      reason: "invalid_token",
    },
  });
  await page.goto("/verify-email#token=one.two");
  await page.waitForURL((url) => url.pathname === "/login");
  await page.locator(".alert-success", { hasText: "Your email address is verified." }).waitFor();
  assert.deepEqual(sent.map((r) => r.postDataJSON()), [{ token: "one.two" }]);

  await page.goto("/verify-email#token=one.two");
  await page.locator(".alert-danger", { hasText: "This link is invalid or has expired." })
    .waitFor();
  assert.equal(new URL(page.url()).hash, "");
  await page.locator("main").getByRole("link", { name: "Log in", exact: true }).waitFor();
  await assertNoSeriousA11yViolations(page);
});

Deno.test("an unverified user sees the banner; Resend holds back 60 s after a success and for a 429's Retry-After", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await statusWithVerification(page, null);
  const sent = await stub(
    page,
    "POST",
    "/auth/email/resend",
    accepted("A new confirmation link is on its way."),
    tooMany(17),
  );
  await logInAs(page, user);
  const banner = page.getByRole("region", { name: "Verify your email" });
  await banner.getByText(`follow the link we sent to ${user.user.email}`).waitFor();
  await assertNoSeriousA11yViolations(page);

  const resend = banner.getByRole("button", { name: "Resend" });
  await resend.click();
  await banner.getByRole("status").getByText(`A new link is on its way to ${user.user.email}.`)
    .waitFor();
  await banner.getByRole("timer").getByText(/You can resend in (60|59|58) s\./).waitFor();
  assert.equal(await resend.getAttribute("aria-disabled"), "true");
  await resend.press("Enter");
  assert.equal(sent.length, 1, "held back: no second request");
  assert.ok(sent[0].headers()["authorization"]?.startsWith("Bearer "), "sent as the user");

  // A new page load forgets the cooldown; the API's 429 brings its own.
  await page.reload();
  await banner.getByRole("button", { name: "Resend" }).click();
  await banner.getByText("Too many attempts. Try again in 17 seconds.").waitFor();
  await banner.getByRole("timer").getByText(/You can resend in (17|16|15) s\./).waitFor();
});

Deno.test("a verified user (or an API without verification) sees no banner", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await statusWithVerification(page, new Date().toISOString());
  await logInAs(page, await stack.api.createUser());
  await page.goto("/status");
  assert.equal(await heading(page), "User status");
  assert.equal(await page.getByRole("region", { name: "Verify your email" }).count(), 0);
});

Deno.test("registering when verification is required says to check the inbox, and offers the link again", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const message = "Check your email to finish registering.";
  await stub(page, "POST", "/auth/register", {
    status: 202,
    body: { status: "success", message },
  });
  const resent = await stub(
    page,
    "POST",
    "/auth/email/resend",
    accepted("If that address has an account waiting for confirmation, a new link is on its way."),
  );
  await page.goto("/register");
  await page.getByLabel("Username").fill("newbie");
  await page.getByLabel("Email").fill("newbie@example.com");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Register" }).click();
  const inbox = page.getByRole("region", { name: "Check your email" });
  await inbox.getByText(message).waitFor();
  assert.equal(await page.locator("form").count(), 0, "the form is done with");
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    "Check your email",
    "focus moved to what replaced the form",
  );
  await assertNoSeriousA11yViolations(page);
  await inbox.getByRole("button", { name: "Send the link again" }).click();
  await inbox.getByRole("timer").waitFor();
  assert.deepEqual(resent.map((r) => r.postDataJSON()), [{ email: "newbie@example.com" }]);
  assert.equal(resent[0].headers()["authorization"], undefined, "anonymous");
});

Deno.test("a login refused for an unverified address offers a new link for that address", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stub(page, "POST", "/auth/login", {
    status: 403,
    body: {
      status: "fail",
      message: "Verify your email address before logging in.",
      reason: "email_unverified",
    },
  });
  const resent = await stub(page, "POST", "/auth/email/resend", tooMany(30));
  await page.goto("/login");
  await page.getByLabel("Email").fill("late@example.com");
  await page.getByLabel("Password").fill("whatever it is");
  await page.getByRole("button", { name: "Log in" }).click();
  const offer = page.getByRole("region", { name: "Verify your email address" });
  await offer.getByText("follow the link we sent to late@example.com").waitFor();
  await offer.getByRole("button", { name: "Send the link again" }).click();
  await offer.getByText("Too many attempts. Try again in 30 seconds.").waitFor();
  await offer.getByRole("timer").waitFor();
  assert.deepEqual(resent.map((r) => r.postDataJSON()), [{ email: "late@example.com" }]);
  assert.equal(new URL(page.url()).pathname, "/login");
});

Deno.test("an own email change answered 202 says to check the new inbox and keeps the old address", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser({ email: "before@example.com" });
  await stub(page, "PATCH", `/users/${user.user.id}`, {
    status: 202,
    body: { status: "success", message: "Check your new inbox to confirm the change." },
  });
  await logInAs(page, user);
  await page.goto("/settings");
  const profile = page.getByRole("region", { name: "Profile", exact: true });
  await profile.getByLabel("Email").fill("after@example.com");
  await profile.getByLabel("Current password").fill(user.password);
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByRole("status").getByText(
    "Check your new inbox: follow the link we sent to after@example.com",
  ).waitFor();
  assert.equal(await profile.getByLabel("Email").inputValue(), "before@example.com");
  assert.equal(await profile.getByLabel("Current password").count(), 0);
});

Deno.test("an admin's Send email dialog has a verification or a reset link sent", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const bob = await stack.api.createUser({ username: "bob" });
  const verification = await stub(page, "POST", `/users/${bob.user.id}/verification-email`, {
    status: 202,
    body: { status: "success", message: "Verification email sent." },
  });
  const reset = await stub(page, "POST", `/users/${bob.user.id}/password-reset`, tooMany(9), {
    status: 202,
    body: { status: "success", message: "Password reset link sent." },
  });
  await logInAs(page, await stack.api.createUser({ admin: true }));
  await page.goto("/admin/users");
  const sendEmail = page.locator("tbody tr", { hasText: bob.user.email })
    .getByRole("button", { name: "Send email" });
  await sendEmail.click();
  const dialog = page.getByRole("dialog", { name: "Email bob" });
  await dialog.getByText(bob.user.email).waitFor();
  await assertNoSeriousA11yViolations(page);
  await dialog.getByRole("button", { name: "Resend verification email" }).click();
  await page.locator(".alert-success", { hasText: "Verification email sent." }).waitFor();
  await dialog.waitFor({ state: "detached" });
  assert.equal(verification.length, 1);

  await sendEmail.click();
  await dialog.getByRole("button", { name: "Send password reset link" }).click();
  await dialog.getByText("Too many attempts. Try again in 9 seconds.").waitFor();
  await dialog.getByRole("button", { name: "Send password reset link" }).click();
  await page.locator(".alert-success", { hasText: "Password reset link sent." }).waitFor();
  assert.equal(reset.length, 2);
});
