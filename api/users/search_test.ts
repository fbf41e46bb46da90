import assert from "node:assert/strict";
import type { Queryable } from "../db.ts";
import { type TestApi, testApi } from "../testing/api.ts";

type Listed = { id: number; username: string; email: string };

async function search(api: TestApi, token: string, query: string): Promise<string[]> {
  const res = await api.request(`/users?${query}`, { token });
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  return res.body.data.users.map((u: Listed) => u.username);
}

Deno.test("GET /users?q= finds a case-insensitive substring of the username or the email, for admins", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true, username: "root", email: "root@corp.test" });
  await api.createUser({ username: "AliceWonder", email: "alice@example.com" });
  await api.createUser({ username: "bob", email: "bob.wonderful@example.org" });
  await api.createUser({ username: "carol", email: "carol@example.net" });

  assert.deepEqual(await search(api, admin.token, "q=wonder"), ["bob", "AliceWonder"]);
  assert.deepEqual(await search(api, admin.token, "q=WONDER"), ["bob", "AliceWonder"]);
  assert.deepEqual(await search(api, admin.token, "q=iceW"), ["AliceWonder"]);
  assert.deepEqual(await search(api, admin.token, "q=example.net"), ["carol"]);
  assert.deepEqual(await search(api, admin.token, "q=EXAMPLE.ORG"), ["bob"]);
  assert.deepEqual(await search(api, admin.token, "q=%20carol%20"), ["carol"], "q is trimmed");
  assert.deepEqual(await search(api, admin.token, "q=nobody"), []);
  const res = await api.request("/users?q=alice", { token: admin.token });
  assert.equal(res.body.data.users[0].email, "alice@example.com");
});

Deno.test("GET /users?q= takes % and _ literally, not as wildcards", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true, username: "root", email: "root@corp.test" });
  await api.createUser({ username: "a_b", email: "first@example.com" });
  await api.createUser({ username: "axb", email: "second@example.com" });
  await api.createUser({ username: "a-long-b", email: "third@example.com" });

  assert.deepEqual(await search(api, admin.token, "q=a_b"), ["a_b"]);
  assert.deepEqual(await search(api, admin.token, "q=_"), ["a_b"]);
  assert.deepEqual(await search(api, admin.token, `q=${encodeURIComponent("a%b")}`), []);
  assert.deepEqual(await search(api, admin.token, `q=${encodeURIComponent("%")}`), []);
  assert.deepEqual(await search(api, admin.token, `q=${encodeURIComponent("\\")}`), []);
  assert.deepEqual(await search(api, admin.token, `q=${encodeURIComponent("a\\_b")}`), []);
});

Deno.test("GET /users?active= and ?admin= filter, combine with each other and with q", async () => {
  await using api = await testApi();
  const root = await api.createUser({ admin: true, username: "root", email: "r@corp.test" });
  await api.createUser({ username: "admin-off", email: "a@corp.test", admin: true, active: false });
  await api.createUser({ username: "user-on", email: "on@corp.test" });
  await api.createUser({ username: "user-off", email: "off@corp.test", active: false });
  const t = root.token;

  assert.deepEqual(await search(api, t, "active=true"), ["user-on", "root"]);
  assert.deepEqual(await search(api, t, "active=false"), ["user-off", "admin-off"]);
  assert.deepEqual(await search(api, t, "admin=true"), ["admin-off", "root"]);
  assert.deepEqual(await search(api, t, "admin=false"), ["user-off", "user-on"]);
  assert.deepEqual(await search(api, t, "admin=true&active=false"), ["admin-off"]);
  assert.deepEqual(await search(api, t, "admin=false&active=true"), ["user-on"]);
  assert.deepEqual(await search(api, t, "q=user&active=false"), ["user-off"]);
  assert.deepEqual(await search(api, t, "q=off&admin=true&active=false"), ["admin-off"]);
  assert.deepEqual(await search(api, t, "q=root&admin=false"), []);
});

Deno.test("GET /users pages through search results with the filters kept", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true, username: "root" });
  const matching: number[] = [];
  for (let i = 0; i < 7; i++) {
    matching.push((await api.createUser({ username: `match-${i}` })).user.id);
    await api.createUser({ username: `other-${i}` });
    await api.createUser({ username: `match-off-${i}`, active: false });
  }
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `q=MATCH&active=true&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await api.request(`/users?${query}`, { token: admin.token });
    assert.equal(res.status, 200);
    assert.ok(res.body.data.users.length <= 3);
    seen.push(...res.body.data.users.map((u: Listed) => u.id));
    cursor = res.body.data.next_cursor;
    pages++;
  } while (cursor !== null);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [...matching].reverse());
});

Deno.test("GET /users refuses q and the filters to non-admins and anonymous callers with 403", async () => {
  await using api = await testApi();
  const user = await api.createUser({ username: "plain" });
  for (const query of ["q=plain", "q=", "active=true", "admin=false", "active=false&admin=true"]) {
    for (const token of [user.token, undefined]) {
      const res = await api.request(`/users?${query}`, { token });
      assert.equal(res.status, 403, `${query} as ${token ? "user" : "anonymous"}`);
      assert.deepEqual(res.body, {
        status: "fail",
        message: "You do not have permission to do that.",
      });
    }
  }
  // The plain directory stays public.
  assert.equal((await api.request("/users?limit=5", { token: user.token })).status, 200);
  assert.equal((await api.request("/users")).status, 200);
});

Deno.test("GET /users rejects bad filter values with 400 naming the field", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const cases: [string, string][] = [
    ["active=yes", "active"],
    ["active=1", "active"],
    ["admin=TRUE", "admin"],
    ["admin=", "admin"],
    [`q=${"x".repeat(101)}`, "q"],
    ["role=admin", "role"],
    ["limit=0&q=x", "limit"],
    ["q=x&cursor=garbage!", "cursor"],
  ];
  for (const [query, field] of cases) {
    const res = await api.request(`/users?${query}`, { token: admin.token });
    assert.equal(res.status, 400, query);
    assert.equal(res.body.message, "Invalid payload.");
    assert.ok(
      res.body.errors.some((e: { field: string }) => e.field === field),
      `${query}: ${JSON.stringify(res.body.errors)}`,
    );
  }
});

Deno.test("the username and email searches can use their trigram indexes", async () => {
  await using api = await testApi();
  // Without the switch a tiny table is always scanned sequentially; the question is only
  // whether an index that serves the predicate exists.
  const plan = (query: (tx: Queryable) => Promise<{ "QUERY PLAN": string }[]>) =>
    api.db.sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      return (await query(tx)).map((row) => row["QUERY PLAN"]).join("\n");
    });
  const byName = await plan((tx) =>
    tx`
    explain select id from users where lower(username) like '%abc%'`
  );
  assert.match(byName, /users_username_trgm_idx/);
  const byEmail = await plan((tx) => tx`explain select id from users where email like '%abc%'`);
  assert.match(byEmail, /users_email_trgm_idx/);
  // The shape listUsers sends, with an escaped wildcard in the pattern.
  const pattern = "%a\\_c%";
  const both = await plan((tx) =>
    tx`
    explain select id from users
    where (lower(username) like ${pattern} or email like ${pattern})
    order by id desc limit 51`
  );
  assert.match(both, /users_username_trgm_idx/);
  assert.match(both, /users_email_trgm_idx/);
});

Deno.test("GET /users?total=true says how many match the filters, on every page; without it, no total", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true, username: "root" });
  await api.db.sql`
    insert into users (username, email, password_hash, active)
    select 'bulk' || n, 'bulk' || n || '@example.com', 'x', n % 3 <> 0
    from generate_series(1, 120) n`;
  const first = await api.request("/users?total=true&limit=10");
  assert.equal(first.status, 200);
  assert.equal(first.body.data.total, 121, "visitors may count the directory");
  assert.equal(first.body.data.users.length, 10);
  const next = await api.request(`/users?total=true&cursor=${first.body.data.next_cursor}`);
  assert.equal(next.body.data.total, 121);
  const filtered = await api.request("/users?total=true&active=false&q=bulk", {
    token: admin.token,
  });
  assert.equal(filtered.body.data.total, 40);
  assert.equal((await api.request("/users")).body.data.total, undefined);
  assert.equal((await api.request("/users?total=maybe")).status, 400);
});
