import assert from "node:assert/strict";
import { eventually, heading, logInAs } from "./pages.ts";
import { e2eStack } from "./stack.ts";

const EM_DASH = "\u2014";

async function tableRows(page: import("playwright-core").Page): Promise<string[][]> {
  await page.locator("table tbody tr").first().waitFor();
  return await page.locator("table tbody tr").evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim() ?? ""))
  );
}

Deno.test("/ lists all users newest first, with emails withheld from visitors shown as —", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const first = await stack.api.createUser();
  const second = await stack.api.createUser();
  await page.goto("/");
  assert.equal(await heading(page), "All users");
  const headers = (await page.locator("table thead th").allTextContents()).map((t) => t.trim());
  assert.deepEqual(headers, ["User ID", "Email", "Username", "Created Date"]);
  const rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [
    [String(second.user.id), EM_DASH, second.user.username],
    [String(first.user.id), EM_DASH, first.user.username],
  ]);
  assert.ok(rows.every((r) => r[3].length > 0), "a created date in every row");
});

Deno.test("a logged-in user sees their own email in the table and no Add User form", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const other = await stack.api.createUser();
  const me = await stack.api.createUser();
  await logInAs(page, me);
  await eventually(async () => {
    const rows = await tableRows(page);
    return rows.some((r) => r[1] === me.user.email);
  }, "my email in the table");
  const rows = await tableRows(page);
  assert.equal(rows.find((r) => r[0] === String(other.user.id))?.[1], EM_DASH);
  assert.equal(await page.getByRole("heading", { name: "Add User" }).count(), 0);
  assert.equal(await page.locator('input[name="admin"]').count(), 0);
});

Deno.test("Load more appends the next page until there is none", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.db.sql`
    insert into users (username, email, password_hash)
    select 'bulk' || n, 'bulk' || n || '@example.com', 'x' from generate_series(1, 120) n`;
  await page.goto("/");
  const loadMore = page.getByRole("button", { name: "Load more" });
  await loadMore.waitFor();
  const firstPage = (await tableRows(page)).length;
  assert.ok(firstPage < 120, `the first page shows ${firstPage} rows`);
  while (await loadMore.count() > 0) {
    const before = (await tableRows(page)).length;
    await loadMore.click();
    await eventually(async () => (await tableRows(page)).length > before, "more rows");
  }
  const rows = await tableRows(page);
  assert.equal(rows.length, 120);
  assert.equal(rows[0][2], "bulk120");
  assert.equal(rows.at(-1)?.[2], "bulk1");
  assert.equal(new Set(rows.map((r) => r[0])).size, 120, "no row twice");
});

Deno.test("an admin adds a user with the form and sees them at the top of the table at once", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser();
  const admin = await stack.api.createUser({ admin: true });
  await logInAs(page, admin);
  const form = page.locator("form", { has: page.locator('input[name="admin"]') });
  await form.waitFor();
  await form.locator('input[name="username"]').fill("gina");
  await form.locator('input[name="email"]').fill("Gina@Example.com");
  await form.locator('input[name="password"]').fill("a long passphrase 7");
  await form.locator('input[name="admin"]').check();
  await form.locator('[type="submit"]').click();
  await page.locator(".alert-success", { hasText: "gina@example.com was added!" }).waitFor();
  const [top] = await tableRows(page);
  assert.equal(top[1], "gina@example.com");
  assert.equal(top[2], "gina");
  const [row] = await stack.api.db.sql`select admin from users where username = 'gina'`;
  assert.equal(row.admin, true);

  await form.locator('input[name="username"]').fill("gina2");
  await form.locator('input[name="email"]').fill("gina@example.com");
  await form.locator('input[name="password"]').fill("a long passphrase 7");
  await form.locator('[type="submit"]').click();
  await page.locator(".alert-danger", { hasText: "Sorry. That email already exists." }).waitFor();
});

Deno.test("a visitor sees no Add User form", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser();
  await page.goto("/");
  await tableRows(page);
  assert.equal(await page.locator('input[name="admin"]').count(), 0);
});
