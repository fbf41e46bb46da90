import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

const PUBLIC_KEYS = ["created_at", "id", "username"];
const PRIVATE_KEYS = [
  "active",
  "admin",
  "created_at",
  "email",
  "email_verified_at",
  "id",
  "username",
];

Deno.test("GET /users lists users newest first without emails for anonymous callers", async () => {
  await using api = await testApi();
  const a = await api.createUser();
  const b = await api.createUser();
  const res = await api.request("/users");
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.deepEqual(res.body.data.users.map((u: { id: number }) => u.id), [b.user.id, a.user.id]);
  assert.equal(res.body.data.next_cursor, null);
  for (const user of res.body.data.users) assert.deepEqual(Object.keys(user).sort(), PUBLIC_KEYS);
  assert.equal(typeof res.body.data.users[0].id, "number");
  assert.match(res.body.data.users[0].created_at, /Z$/);
});

Deno.test("GET /users shows a user their own email and nobody else's", async () => {
  await using api = await testApi();
  const other = await api.createUser();
  const me = await api.createUser();
  const res = await api.request("/users", { token: me.token });
  const byId = new Map(res.body.data.users.map((u: { id: number }) => [u.id, u]));
  assert.deepEqual(Object.keys(byId.get(me.user.id) as object).sort(), PRIVATE_KEYS);
  assert.deepEqual(Object.keys(byId.get(other.user.id) as object).sort(), PUBLIC_KEYS);
});

Deno.test("GET /users shows an admin every email", async () => {
  await using api = await testApi();
  await api.createUser();
  const admin = await api.createUser({ admin: true });
  const res = await api.request("/users", { token: admin.token });
  // And whether each has a second factor (the admin's "Two-step" column).
  const adminKeys = [...PRIVATE_KEYS, "second_factor"].sort();
  for (const user of res.body.data.users) assert.deepEqual(Object.keys(user).sort(), adminKeys);
});

Deno.test("GET /users with an invalid token answers 401 rather than a silently public view", async () => {
  await using api = await testApi();
  const res = await api.request("/users", { token: "garbage" });
  assert.equal(res.status, 401);
});

Deno.test("GET /users pages with limit and an opaque cursor until next_cursor is null", async () => {
  await using api = await testApi();
  const ids: number[] = [];
  for (let i = 0; i < 7; i++) ids.push((await api.createUser()).user.id);
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : "?limit=3";
    const res = await api.request(`/users${query}`);
    assert.equal(res.status, 200);
    seen.push(...res.body.data.users.map((u: { id: number }) => u.id));
    cursor = res.body.data.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual(seen, ids.reverse());
});

Deno.test("GET /users has no next page when the last page is exactly full", async () => {
  await using api = await testApi();
  for (let i = 0; i < 4; i++) await api.createUser();
  const first = await api.request("/users?limit=2");
  const second = await api.request(`/users?limit=2&cursor=${first.body.data.next_cursor}`);
  assert.equal(second.body.data.users.length, 2);
  assert.equal(second.body.data.next_cursor, null);
});

Deno.test("GET /users defaults to 50 per page", async () => {
  await using api = await testApi();
  await api.db.sql`
    insert into users (username, email, password_hash)
    select 'bulk' || n, 'bulk' || n || '@example.com', 'x' from generate_series(1, 51) n`;
  const res = await api.request("/users");
  assert.equal(res.body.data.users.length, 50);
  assert.notEqual(res.body.data.next_cursor, null);
});

Deno.test("GET /users rejects an out-of-range limit or a malformed cursor with 400", async () => {
  await using api = await testApi();
  for (
    const query of [
      "limit=0",
      "limit=101",
      "limit=-1",
      "limit=abc",
      "limit=1.5",
      "cursor=garbage!",
      "cursor=",
      `cursor=${btoa("v2:5")}`,
      `cursor=${btoa("v1:abc")}`,
      "limit=5&limit=6",
    ]
  ) {
    const res = await api.request(`/users?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(res.body.status, "fail");
    assert.equal(res.body.message, "Invalid payload.");
    assert.ok(res.body.errors.length > 0);
  }
});

Deno.test("GET /users/:id returns one user, with private fields only for admins and the owner", async () => {
  await using api = await testApi();
  const target = await api.createUser();
  const other = await api.createUser();
  const admin = await api.createUser({ admin: true });
  const anonymous = await api.request(`/users/${target.user.id}`);
  assert.equal(anonymous.status, 200);
  assert.deepEqual(Object.keys(anonymous.body.data).sort(), PUBLIC_KEYS);
  assert.equal(anonymous.body.data.username, target.user.username);
  const byOther = await api.request(`/users/${target.user.id}`, { token: other.token });
  assert.deepEqual(Object.keys(byOther.body.data).sort(), PUBLIC_KEYS);
  const bySelf = await api.request(`/users/${target.user.id}`, { token: target.token });
  assert.equal(bySelf.body.data.email, target.user.email);
  const byAdmin = await api.request(`/users/${target.user.id}`, { token: admin.token });
  assert.deepEqual(Object.keys(byAdmin.body.data).sort(), PRIVATE_KEYS);
});

Deno.test("GET /users/:id answers 404 for unknown and non-numeric ids", async () => {
  await using api = await testApi();
  for (const id of ["999", "abc", "0", "-1", "1.5", "99999999999999999999", "1e3"]) {
    const res = await api.request(`/users/${id}`);
    assert.equal(res.status, 404, id);
    assert.deepEqual(res.body, { status: "fail", message: "User does not exist." });
  }
});
