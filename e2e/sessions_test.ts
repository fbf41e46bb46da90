import assert from "node:assert/strict";
import type { Page, Response } from "playwright-core";
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

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** Opens /status by the navbar, without reloading the page; resolves once it shows the outcome. */
async function openStatus(page: Page) {
  await clickNav(page, "User status");
  await page.waitForURL((url) => url.pathname === "/status");
  await page.locator("main li, main p").first().waitFor();
}

async function statusShowsUser(page: Page, email: string) {
  await page.locator("main li", { hasText: `Email: ${email}` }).waitFor();
}

/** The answers of the API to `page`, as "METHOD /path STATUS", in order. */
function recordApiAnswers(page: Page): string[] {
  const answers: string[] = [];
  page.on("response", (response: Response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith("/auth/") || pathname.startsWith("/users")) {
      answers.push(`${response.request().method()} ${pathname} ${response.status()}`);
    }
  });
  return answers;
}

Deno.test("a first visit without a session is quietly logged out", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/about");
  assert.deepEqual(await navLinks(page), LOGGED_OUT_LINKS);
  assert.equal(await page.locator(".alert").count(), 0);
});

Deno.test("a reload keeps the session, with the token in no storage a script can read", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  const refreshCookie = (await page.context().cookies()).find((c) => c.name === "refresh_token");
  assert.ok(refreshCookie, "a refresh_token cookie");

  for (const step of ["after logging in", "after a reload"]) {
    const [local, session, cookies] = await page.evaluate(() => [
      localStorage.length,
      sessionStorage.length,
      document.cookie,
    ]);
    assert.equal(local, 0, `localStorage ${step}`);
    assert.equal(session, 0, `sessionStorage ${step}`);
    assert.ok(!cookies.includes(refreshCookie.value), `document.cookie ${step}`);
    assert.doesNotMatch(cookies, JWT, `document.cookie ${step}`);
    await page.goto("/status");
    await statusShowsUser(page, user.user.email);
    await page.reload();
    await statusShowsUser(page, user.user.email);
    assert.deepEqual(await navLinks(page), LOGGED_IN_LINKS);
  }
  assert.equal(await page.locator(".alert-danger").count(), 0);
});

Deno.test("a refresh cut short by leaving the page still keeps its rotated cookie", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  const rotated = async () => {
    const [{ count }] = await stack.api.db.sql`
      select count(*)::int as count from sessions where user_id = ${user.user.id}
      and rotated_at is not null`;
    return count as number;
  };
  const before = await rotated();
  // Listen before navigating: on a fast machine the refresh leaves before goto returns.
  const refreshSent = page.waitForRequest((request) => request.url().endsWith("/auth/refresh"));
  await page.goto("/status", { waitUntil: "commit" });
  await refreshSent;
  await page.goto("/favicon.svg");
  // The API rotated the token; had the browser dropped the answer, the next page would present
  // the old token and the API would revoke the session as stolen.
  await eventually(async () => await rotated() > before, "the refresh to reach the API");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await page.goto("/status");
  await statusShowsUser(page, user.user.email);
});

Deno.test("the refresh cookie is HttpOnly, SameSite=Strict and only sent to /auth", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await logInAs(page, await stack.api.createUser());
  const cookies = await page.context().cookies();
  const refresh = cookies.find((cookie) => cookie.name === "refresh_token");
  assert.ok(refresh, `a refresh_token cookie among ${cookies.map((c) => c.name)}`);
  assert.equal(refresh.httpOnly, true);
  assert.equal(refresh.sameSite, "Strict");
  assert.equal(refresh.path, "/auth");
});

Deno.test("an expired access token is renewed without the person noticing", async () => {
  await using stack = await e2eStack({ ACCESS_TOKEN_TTL: "2" });
  const { page } = stack;
  const user = await stack.api.createUser();
  await logInAs(page, user);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await openStatus(page);
  await statusShowsUser(page, user.user.email);
  await page.goto("/status");
  await statusShowsUser(page, user.user.email);
  assert.deepEqual(await navLinks(page), LOGGED_IN_LINKS);
  assert.equal(await page.locator(".alert-danger").count(), 0);
});

Deno.test("a request refused for an expired token is retried once after a refresh", async () => {
  await using stack = await e2eStack({ ACCESS_TOKEN_TTL: "2" });
  const { page } = stack;
  const user = await stack.api.createUser();
  // The page's timers stand still after the login, so no renewal runs once the wait begins. The
  // pause's target is read from the page's own clock and lies a second ahead of it, so a slow round
  // trip never makes it a step into the past; a renewal due before it (a slow login) still runs,
  // and the wait is long enough for the token it brings to expire as well.
  await page.clock.install();
  await logInAs(page, user);
  await page.clock.pauseAt(await page.evaluate(() => Date.now()) + 1000);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const answers = recordApiAnswers(page);
  await openStatus(page);
  await statusShowsUser(page, user.user.email);
  await eventually(() => Promise.resolve(answers.length >= 3), "three answers");
  assert.deepEqual(answers, [
    "GET /auth/status 401",
    "POST /auth/refresh 200",
    "GET /auth/status 200",
  ]);
  assert.equal(await page.locator(".alert-danger").count(), 0);
});

Deno.test("tabs sharing the cookie take turns to refresh, so none looks like a stolen token", async () => {
  await using stack = await e2eStack({ ACCESS_TOKEN_TTL: "2" });
  const user = await stack.api.createUser();
  const context = await stack.browser.newContext({ baseURL: stack.url });
  context.setDefaultTimeout(10_000);
  try {
    const pages = [await context.newPage(), await context.newPage(), await context.newPage()];
    await logInAs(pages[0], user);
    // Every page restores its session from the same cookie, all at once.
    await Promise.all(pages.map((page) => page.goto("/status")));
    await Promise.all(pages.map((page) => statusShowsUser(page, user.user.email)));
    // And renews it shortly before each 2-second token expires, for a while.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    for (const page of pages) {
      await page.bringToFront();
      await clickNav(page, "Home");
      await openStatus(page);
      await statusShowsUser(page, user.user.email);
      assert.equal(await page.locator(".alert-danger").count(), 0);
    }
    const [{ revoked }] = await stack.api.db.sql`
      select count(*)::int as revoked from sessions where revoked_at is not null`;
    assert.equal(revoked, 0);
  } finally {
    await context.close();
  }
});

Deno.test("logging out in one tab logs the others out at once, saying why; logging in picks the session up there", async () => {
  await using stack = await e2eStack();
  const user = await stack.api.createUser();
  const context = await stack.browser.newContext({ baseURL: stack.url });
  context.setDefaultTimeout(10_000);
  try {
    const a = await context.newPage();
    const b = await context.newPage();
    await logInAs(a, user);
    await b.goto("/status");
    await statusShowsUser(b, user.user.email);

    await a.bringToFront();
    await clickNav(a, "Log out");
    await a.getByText("You are now logged out. Log in again").waitFor();

    // Without a request of its own: the other tab is told.
    await b.locator(".alert-warning", { hasText: "You logged out in another tab." }).waitFor();
    await b.getByText("You must be logged in to view this.").waitFor();
    assert.deepEqual(await navLinks(b), LOGGED_OUT_LINKS);
    assert.equal(await heading(b), "User status");
    await b.reload();
    assert.deepEqual(await navLinks(b), LOGGED_OUT_LINKS);

    await logInAs(a, user);
    await statusShowsUser(b, user.user.email);
    assert.deepEqual(await navLinks(b), LOGGED_IN_LINKS);
  } finally {
    await context.close();
  }
});
