import assert from "node:assert/strict";
import { e2eStack } from "./stack.ts";

const TOO_MANY = /^Too many attempts\. Try again in (\d+) seconds?\.$/;

Deno.test("after too many failed logins the form says how long to wait, then logs in again", async () => {
  await using stack = await e2eStack({ RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "2/4s" });
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/login");
  const email = page.locator('input[name="email"]');
  const password = page.locator('input[name="password"]');
  const submit = page.locator('input[type="submit"]');
  await email.fill(user.user.email);
  await password.fill("not the password");

  let wait: number | undefined;
  for (let attempt = 1; attempt <= 5 && wait === undefined; attempt++) {
    const answered = page.waitForResponse((response) =>
      new URL(response.url()).pathname === "/auth/login"
    );
    await submit.click();
    const response = await answered;
    const alert = page.locator(".alert-danger");
    if (response.status() === 429) {
      const text = (await alert.filter({ hasText: "Too many attempts." }).textContent())?.trim();
      const match = TOO_MANY.exec(text ?? "");
      assert.ok(match, `the API's message with its wait, not ${JSON.stringify(text)}`);
      wait = Number(match[1]);
      assert.equal(response.headers()["retry-after"], match[1]);
    } else {
      assert.equal(response.status(), 401);
      await alert.filter({ hasText: "Invalid email or password." }).waitFor();
    }
  }
  // A sliding window may hold an email back for up to two windows.
  assert.ok(wait !== undefined && wait >= 1 && wait <= 8, `a wait of 1 to 8 seconds: ${wait}`);

  await password.fill(user.password);
  // The form stays on the page and usable: the submit is back once the wait is over.
  await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 500));
  await submit.click();
  await page.locator(".alert-success", { hasText: "Welcome!" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
});

Deno.test("while the wait runs the submit is held back and counts down", async () => {
  await using stack = await e2eStack({ RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "1/5s" });
  const { page } = stack;
  const user = await stack.api.createUser();
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(user.user.email);
  await page.locator('input[name="password"]').fill("not the password");
  const submit = page.locator('input[type="submit"]');
  await submit.click();
  await page.locator(".alert-danger", { hasText: "Invalid email or password." }).waitFor();
  await submit.click();
  const alert = page.locator(".alert-danger", { hasText: "Too many attempts." });
  const wait = Number(TOO_MANY.exec((await alert.textContent())?.trim() ?? "")?.[1]);
  assert.ok(wait >= 1, `a wait in the message: ${wait}`);
  assert.equal(await submit.isDisabled(), true);
  const timer = page.getByRole("timer");
  assert.match((await timer.textContent()) ?? "", /^Try again in \d+ s\.$/);
  await page.waitForFunction(
    () => !document.querySelector<HTMLInputElement>('input[type="submit"]')?.disabled,
    undefined,
    { timeout: wait * 1000 + 2000 },
  );
  assert.equal(await timer.count(), 0);
});
