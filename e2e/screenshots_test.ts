/**
 * The README's pictures of the app, taken by this test so they show the app as it is: the home
 * page and Settings, in light mode at a laptop's width, with fixed users, dates and time zone so
 * that an unchanged app gives the same pictures.
 */
import assert from "node:assert/strict";
import { logIn } from "./pages.ts";
import { e2eStack } from "./stack.ts";

const SHOTS = new URL("../docs/screenshots/", import.meta.url);

Deno.test("the README's screenshots of the home page and Settings are taken from the real app", async () => {
  await using stack = await e2eStack();
  const people = [
    { username: "ada", email: "ada@example.com", at: "2026-03-02T09:15:00Z" },
    { username: "grace", email: "grace@example.com", at: "2026-04-11T14:40:00Z" },
    { username: "alan", email: "alan@example.com", at: "2026-05-23T17:05:00Z" },
  ];
  const users = [];
  for (const person of people) {
    const created = await stack.api.createUser({ username: person.username, email: person.email });
    await stack.api.db.sql`
      update users set created_at = ${person.at}, email_verified_at = ${person.at}
      where id = ${created.user.id}`;
    users.push(created);
  }

  const context = await stack.browser.newContext({
    baseURL: stack.url,
    viewport: { width: 1100, height: 620 },
    deviceScaleFactor: 1,
    colorScheme: "light",
    locale: "en-US",
    timezoneId: "UTC",
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await Deno.mkdir(SHOTS, { recursive: true });

    // Home, as a visitor sees it.
    await page.goto("/");
    await page.getByText("Showing 3 of 3").waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: new URL("home.png", SHOTS).pathname, animations: "disabled" });

    // Settings, down to its Sessions (whose times and addresses change from run to run).
    await logIn(page, people[0].email, users[0].password);
    await page.goto("/settings");
    await page.getByRole("heading", { level: 2, name: "Password" }).waitFor();
    const sessions = await page.getByRole("heading", { level: 2, name: "Sessions" }).boundingBox();
    assert.ok(sessions !== null);
    await page.screenshot({
      path: new URL("settings.png", SHOTS).pathname,
      animations: "disabled",
      clip: { x: 0, y: 0, width: 1100, height: Math.floor(sessions.y) - 8 },
      fullPage: true,
    });
  } finally {
    await context.close();
  }
  for (const name of ["home.png", "settings.png"]) {
    const { size } = await Deno.stat(new URL(name, SHOTS));
    assert.ok(size > 10_000, `${name} shows the app (${size} bytes)`);
  }
});
