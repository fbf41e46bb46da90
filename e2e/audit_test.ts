import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { assertNoSeriousA11yViolations } from "./axe.ts";
import { clickNav, eventually, heading, logInAs, tableRows } from "./pages.ts";
import { e2eStack, type Stack } from "./stack.ts";

type Row = { action: string; actor: string; target: string; changes: string; ip: string };

async function events(page: Page): Promise<Row[]> {
  return (await tableRows(page)).map(([, action, actor, target, changes, ip]) => ({
    action,
    actor,
    target,
    changes,
    ip,
  }));
}

/** Logs in as a new admin and opens /admin/audit by the navbar; resolves once events show. */
async function openAsAdmin(stack: Stack) {
  const admin = await stack.api.createUser({ username: "root", admin: true });
  await logInAs(stack.page, admin);
  await clickNav(stack.page, "Audit trail");
  await stack.page.waitForURL((url) => url.pathname === "/admin/audit");
  // The router keeps the last page on screen while this one loads: wait for this one's heading.
  await stack.page.getByRole("heading", { level: 1, name: "Audit trail", exact: true }).waitFor();
  await stack.page.locator("main tbody tr").first().waitFor();
  return admin;
}

Deno.test("an admin sees the audit trail newest first: a registration, a failed login, their login", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const registered = await stack.api.request("/auth/register", {
    method: "POST",
    json: { username: "dana", email: "dana@example.com", password: "a passphrase of her own" },
  });
  assert.equal(registered.status, 201);
  const failed = await stack.api.request("/auth/login", {
    method: "POST",
    json: { email: "dana@example.com", password: "not dana's password" },
  });
  assert.equal(failed.status, 401);
  const [{ id: dana }] = await stack.api.db.sql`select id from users where username = 'dana'`;
  const admin = await openAsAdmin(stack);
  assert.equal(await heading(page), "Audit trail");
  const headers = (await page.locator("main thead th").allTextContents()).map((t) => t.trim());
  assert.deepEqual(headers, ["Time", "Action", "Actor", "Target", "Changes", "IP"]);

  const rows = await events(page);
  assert.deepEqual(rows.map((row) => row.action), [
    "Logged in",
    "Log-in attempt failed",
    "Registered",
  ]);
  assert.deepEqual(rows[0], {
    action: "Logged in",
    actor: admin.user.username,
    target: admin.user.username,
    changes: "—",
    ip: "this computer",
  });
  assert.equal(rows[1].actor, "—");
  assert.equal(rows[1].target, "dana");
  assert.ok(dana > 0);
  assert.equal(rows[1].changes, "email: dana@example.com");
  assert.match(rows[2].changes, /username: dana/);
  assert.ok((await tableRows(page)).every((row) => row[0].length > 0), "a time on every row");
});

Deno.test("admin changes show as field: old → new, and a new password only as set", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  const admin = await stack.api.createUser({ admin: true });
  const patch = await stack.api.request(`/users/${alice.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "alicia", active: false, password: "a secret password" },
  });
  assert.equal(patch.status, 200);
  await openAsAdmin(stack);
  const row = (await events(page)).find((r) => r.action === "User updated");
  assert.ok(row, "the update is listed");
  assert.match(row.changes, /username: alice → alicia/);
  assert.match(row.changes, /active: yes → no/);
  assert.match(row.changes, /password: set/);
  assert.doesNotMatch(row.changes, /secret/);
});

Deno.test("the trail filters by user name, action and days, kept in the address; a deleted user keeps their id", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  const alice = await stack.api.createUser({ username: "alice" });
  const bob = await stack.api.createUser({ username: "bob" });
  for (const user of [alice, bob]) {
    const response = await stack.api.request("/auth/logout", { method: "POST", token: user.token });
    assert.equal(response.status, 200);
  }
  const failed = await stack.api.request("/auth/login", {
    method: "POST",
    json: { email: alice.user.email, password: "not alice's password" },
  });
  assert.equal(failed.status, 401);
  // Yesterday's event, for the date filter.
  await stack.api.db.sql`
    insert into audit_events (occurred_at, action, actor_id, target_id)
    values (now() - interval '2 days', 'auth.logout', ${bob.user.id}, ${bob.user.id})`;
  const admin = await openAsAdmin(stack);
  await stack.api.request(`/users/${bob.user.id}`, { method: "DELETE", token: admin.token });
  await page.reload();
  await eventually(async () => (await events(page)).length === 6, "all six events");

  const filtered = page.waitForRequest((request) =>
    new URL(request.url()).searchParams.get("user") === "Alice"
  );
  await page.getByLabel("User").fill("Alice");
  await filtered;
  await eventually(async () => (await events(page)).length === 2, "alice's two events");
  const rows = await events(page);
  assert.deepEqual(rows.map((row) => row.action), ["Log-in attempt failed", "Logged out"]);
  assert.ok(rows.every((row) => row.target === "alice"));

  await page.getByLabel("Action").selectOption({ label: "Log-in attempt failed" });
  await eventually(async () => (await events(page)).length === 1, "alice's failed login");
  assert.equal(new URL(page.url()).search, "?user=Alice&action=auth.login_failed");
  await page.reload();
  await eventually(async () => (await events(page)).length === 1, "the same after a reload");
  assert.equal(await page.getByLabel("User").inputValue(), "Alice");

  await page.getByLabel("User").fill("");
  await page.getByLabel("Action").selectOption({ label: "Logged out" });
  await eventually(async () => (await events(page)).length === 3, "three logouts");
  const today = new Date().toLocaleDateString("en-CA"); // YYYY-MM-DD, local
  await page.getByLabel("From").fill(today);
  await eventually(async () => (await events(page)).length === 2, "today's two logouts");
  assert.deepEqual(
    (await events(page)).map((row) => row.actor).sort(),
    ["alice", `User ${bob.user.id} (deleted)`].sort(),
  );
  await page.getByLabel("User").fill("nobody");
  await page.getByText("No events.").waitFor();
});

Deno.test("Export CSV downloads every filtered row, not just the loaded page", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.db.sql`
    insert into audit_events (action, detail, ip)
    select 'auth.login_failed', jsonb_build_object('email', 'guess' || n || '@example.com'),
      '10.0.0.1'
    from generate_series(1, 120) n`;
  await openAsAdmin(stack);
  await page.getByLabel("Action").selectOption({ label: "Log-in attempt failed" });
  await eventually(async () => (await events(page)).length === 50, "the first page");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "audit-trail.csv");
  const lines = (await Deno.readTextFile(await download.path())).trimEnd().split("\r\n");
  assert.equal(lines[0], "Time (UTC),Action,Actor,Target,Changes,IP");
  assert.equal(lines.length, 121, "a header and the 120 failed logins, no login of the admin");
  assert.match(
    lines[1],
    /^\d{4}-\d\d-\d\dT[^,]+Z,Log-in attempt failed,,,email: guess120@example\.com,10\.0\.0\.1$/,
  );
});

Deno.test("Load more pages through the audit trail", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.db.sql`
    insert into audit_events (action, detail, ip)
    select 'auth.login_failed', jsonb_build_object('email', 'guess' || n || '@example.com'),
      '10.0.0.1'
    from generate_series(1, 70) n`;
  await openAsAdmin(stack);
  const firstPage = (await events(page)).length;
  assert.ok(firstPage < 71, `${firstPage} rows on the first page`);
  await page.getByRole("button", { name: "Load more" }).click();
  await eventually(async () => (await events(page)).length === 71, "all 71 events");
  const rows = await events(page);
  assert.equal(rows.at(-1)?.changes, "email: guess1@example.com");
  assert.equal(new Set(rows.map((r) => r.changes)).size, 71, "no event twice");
  assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);
});

Deno.test("visitors and non-admins get Access denied at /admin/audit", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await page.goto("/admin/audit");
  assert.equal(await heading(page), "Access denied");
  await logInAs(page, await stack.api.createUser());
  await page.goto("/admin/audit");
  assert.equal(await heading(page), "Access denied");
  await page.getByText("You do not have permission to view this page.").waitFor();
  assert.equal(await page.locator("main table").count(), 0);
});

Deno.test("/admin/audit has no serious or critical axe-core violation", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await stack.api.request("/auth/login", {
    method: "POST",
    json: { email: "nobody@example.com", password: "whatever it is" },
  });
  await openAsAdmin(stack);
  await assertNoSeriousA11yViolations(page);
});

Deno.test("two filter changes made before the page renders again both stay in the address", async () => {
  await using stack = await e2eStack();
  const { page } = stack;
  await openAsAdmin(stack);
  await page.getByLabel("User").fill("root");
  await page.waitForURL((url) => url.search === "?user=root");
  // Clearing the name and picking an action in one go, as a quick hand (or a slow render) does: the
  // second change must start from the first's address, not from the last render's.
  await page.evaluate(() => {
    const user = document.querySelector<HTMLInputElement>("#audit-user")!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    setValue.call(user, "");
    user.dispatchEvent(new Event("input", { bubbles: true }));
    const action = document.querySelector<HTMLSelectElement>("#audit-action")!;
    action.value = "auth.logout";
    action.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await eventually(
    () => new URL(page.url()).search === "?action=auth.logout",
    "only the action in the address",
  ).catch((error) =>
    assert.fail(`${error.message}; the address has ${new URL(page.url()).search}`)
  );
  assert.equal(await page.getByLabel("User").inputValue(), "");
});
