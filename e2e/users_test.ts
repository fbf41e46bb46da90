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

Deno.test("/ lists all users newest first with their total; visitors get no Email column", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const first = await stack.api.createUser();
  const second = await stack.api.createUser();
  await page.goto("/");
  assert.equal(await heading(page), "All users");
  // The table comes with the first page of users, after the heading.
  await page.locator("table thead th").first().waitFor();
  const headers = (await page.locator("table thead th").allTextContents()).map((t) => t.trim());
  assert.deepEqual(headers, ["User ID", "Username", "Created Date"]);
  const rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => [r[0], r[1]]), [
    [String(second.user.id), second.user.username],
    [String(first.user.id), first.user.username],
  ]);
  assert.ok(rows.every((r) => r[2].length > 0), "a created date in every row");
  await page.getByText("Showing 2 of 2").waitFor();
});

Deno.test("an empty directory says No users yet instead of showing bare headers", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/");
  await page.getByText("No users yet.").waitFor();
  assert.equal(await page.locator("table").count(), 0);
});

Deno.test("a logged-in user sees their own email in the table and no Add User form", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const other = await stack.api.createUser();
  const me = await stack.api.createUser();
  await logInAs(page, me);
  await eventually(async () => {
    const rows = await tableRows(page);
    return rows.some((r) => r[2] === me.user.email);
  }, "my email in the table");
  const rows = await tableRows(page);
  assert.equal(rows.find((r) => r[0] === String(other.user.id))?.[2], EM_DASH);
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
  assert.equal(rows[0][1], "bulk120");
  assert.equal(rows.at(-1)?.[1], "bulk1");
  await page.getByText("Showing 120 of 120").waitFor();
  assert.equal(new Set(rows.map((r) => r[0])).size, 120, "no row twice");
});

Deno.test("an admin's home has no second Add User form, only the way to the Users page", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser();
  const admin = await stack.api.createUser({ admin: true });
  await logInAs(page, admin);
  await tableRows(page);
  assert.equal(await page.locator('input[name="admin"]').count(), 0);
  await page.getByRole("link", { name: "Add and manage users" }).click();
  await page.waitForURL((url) => url.pathname === "/admin/users");
  await page.getByRole("button", { name: "Add User" }).waitFor();
});

Deno.test("a visitor sees no Add User form", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.createUser();
  await page.goto("/");
  await tableRows(page);
  assert.equal(await page.locator('input[name="admin"]').count(), 0);
  assert.equal(await page.getByRole("link", { name: "Add and manage users" }).count(), 0);
});
