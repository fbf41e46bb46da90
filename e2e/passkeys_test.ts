/**
 * Passkeys in the browser, with Chromium's virtual authenticator (the DevTools Protocol's
 * WebAuthn domain): add one from Settings (the first comes with recovery codes), sign in with it
 * without an email, rename and delete it; a password followed by a passkey, or by a recovery
 * code, as the second step. The stack runs on http://localhost:PORT: an IP address is no valid
 * relying party id.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { decodeJwt } from "jose";
import { clickNav, heading, logInAs } from "./pages.ts";
import type { TestUser } from "../api/testing/api.ts";
import { e2eStack } from "./stack.ts";

/** A platform authenticator that holds discoverable credentials and verifies its user. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials() {
      return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
    },
  };
}

function section(page: Page) {
  return page.getByRole("region", { name: "Passkeys", exact: true });
}

async function logOut(page: Page) {
  await clickNav(page, "Log out");
  await page.getByRole("link", { name: "Log in", exact: true }).first().waitFor();
}

/** Logs out, then gives the password: the second step comes next. */
async function passwordStep(page: Page, user: TestUser) {
  await logOut(page);
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(user.user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('input[type="submit"]').click();
}

/** Adds the account's first passkey; it comes with the recovery codes, returned. */
async function addFromSettings(page: Page, name: string): Promise<string[]> {
  await clickNav(page, "Settings");
  const passkeys = section(page);
  await passkeys.getByText("You have no passkeys yet.").waitFor();
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a passkey" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Add" }).click();
  await page.locator(".alert-success", { hasText: "Passkey added." }).waitFor();
  const list = passkeys.getByRole("list", { name: "Recovery codes" });
  await list.waitFor();
  const codes = await list.getByRole("listitem").allTextContents();
  assert.equal(codes.length, 10);
  await passkeys.getByRole("button", { name: "I have saved them" }).click();
  await passkeys.getByRole("list", { name: "Your passkeys" }).getByText(name, { exact: true })
    .waitFor();
  return codes;
}

Deno.test("add a passkey from Settings, sign in with it without an email, rename and delete it", async () => {
  await using stack = await e2eStack({}, { localhost: true });
  const { page } = stack;
  const authenticator = await virtualAuthenticator(page);
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await addFromSettings(page, "Work laptop");
  const [credential] = await authenticator.credentials();
  assert.equal(credential.isResidentCredential, true, "a discoverable credential");
  await logOut(page);

  // No email, no password: the browser offers the passkey it holds for this site.
  await page.goto("/login");
  const login = page.waitForResponse((r) => r.url().endsWith("/auth/login/passkey"));
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  const answer = await (await login).json();
  assert.deepEqual(decodeJwt(answer.auth_token).amr, ["webauthn"]);
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(await heading(page), "All users");

  // Rename: a fresh passkey login is strong enough for what follows.
  await clickNav(page, "Settings");
  const passkeys = section(page);
  await passkeys.getByText(/Last used/).waitFor();
  await passkeys.getByRole("button", { name: "Rename Work laptop" }).click();
  const rename = page.getByRole("dialog", { name: "Rename the passkey" });
  await rename.getByLabel("Name").fill("Old laptop");
  await rename.getByRole("button", { name: "Rename" }).click();
  await passkeys.getByText("Old laptop", { exact: true }).waitFor();

  // Delete, after a confirmation.
  await passkeys.getByRole("button", { name: "Delete Old laptop" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete the passkey?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await passkeys.getByText("You have no passkeys yet.").waitFor();
  const [{ count }] = await stack.api.db.sql`select count(*)::int as count from passkeys`;
  assert.equal(count, 0);
});

Deno.test("after the password, a passkey is the second step", async () => {
  await using stack = await e2eStack({}, { localhost: true });
  const { page } = stack;
  await virtualAuthenticator(page);
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await addFromSettings(page, "Phone");

  await passwordStep(page, user);
  await page.getByRole("heading", { name: "Two-step sign-in" }).waitFor();
  // Only a passkey: no code field.
  assert.equal(await page.getByLabel("Code from your authenticator app").count(), 0);
  const verified = page.waitForResponse((r) => r.url().endsWith("/auth/passkeys/second-step"));
  await page.getByRole("button", { name: "Use a passkey" }).click();
  const answer = await (await verified).json();
  assert.deepEqual(decodeJwt(answer.auth_token).amr, ["pwd", "webauthn"]);
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(await heading(page), "All users");
});

Deno.test("with the passkey not at hand, a recovery code finishes the sign-in", async () => {
  await using stack = await e2eStack({}, { localhost: true });
  const { page } = stack;
  await virtualAuthenticator(page);
  const user = await stack.api.createUser();
  await logInAs(page, user);
  const codes = await addFromSettings(page, "Phone");
  const twoStep = page.getByRole("region", { name: "Two-step sign-in" });
  await twoStep.getByText(/Recovery codes left: 10\./).waitFor();

  await passwordStep(page, user);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[3]);
  const verified = page.waitForResponse((r) => r.url().endsWith("/auth/mfa/verify"));
  await page.getByRole("button", { name: "Verify" }).click();
  assert.equal((await verified).status(), 200);
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  await clickNav(page, "Settings");
  await twoStep.getByText(/Recovery codes left: 9\./).waitFor();
});

Deno.test("a stale session re-checks with its passkey before deleting one", async () => {
  await using stack = await e2eStack({}, { localhost: true });
  const { page } = stack;
  await virtualAuthenticator(page);
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await addFromSettings(page, "Tablet");
  await stack.api.db.sql`update sessions set auth_time = now() - interval '1 hour'`;
  const passkeys = section(page);
  await passkeys.getByRole("button", { name: "Delete Tablet" }).click();
  await page.getByRole("dialog", { name: "Delete the passkey?" }).getByRole("button", {
    name: "Delete",
  }).click();
  const check = page.getByRole("dialog", { name: "Confirm it is you" });
  await check.getByRole("button", { name: "Use a passkey" }).click();
  await passkeys.getByText("You have no passkeys yet.").waitFor();
});
