import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

Deno.test("DELETE /users/:id lets an admin delete a user with 200 'User deleted.'", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const { user } = await api.createUser();
  const res = await api.request(`/users/${user.id}`, { method: "DELETE", token: admin.token });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "User deleted." });
  const gone = await api.request(`/users/${user.id}`, { token: admin.token });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.message, "User does not exist.");
  const [row] = await api.db.sql`select count(*)::int as n from users where id = ${user.id}`;
  assert.equal(row.n, 0);
});

Deno.test("DELETE /users/:id takes the user's sessions with them: their tokens answer 401", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: target.user.email, password: target.password },
  });
  assert.equal(login.status, 200);
  const res = await api.request(`/users/${target.user.id}`, {
    method: "DELETE",
    token: admin.token,
  });
  assert.equal(res.status, 200);
  for (const token of [target.token, login.body.auth_token]) {
    const status = await api.request("/auth/status", { token });
    assert.equal(status.status, 401);
    assert.match(status.headers.get("WWW-Authenticate") ?? "", /^Bearer/);
  }
  const refresh = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: `refresh_token=${target.refreshToken}` },
  });
  assert.equal(refresh.status, 401);
  const [row] = await api.db.sql`
    select count(*)::int as n from sessions where user_id = ${target.user.id}`;
  assert.equal(row.n, 0);
  assert.equal((await api.request("/auth/status", { token: admin.token })).status, 200);
});

Deno.test("DELETE /users/:id refuses a non-admin with 403, even on themself, and deletes nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await api.createUser();
  for (const id of [other.user.id, me.user.id, 999999]) {
    const res = await api.request(`/users/${id}`, { method: "DELETE", token: me.token });
    assert.equal(res.status, 403, String(id));
    assert.deepEqual(res.body, {
      status: "fail",
      message: "You do not have permission to do that.",
    });
  }
  const [row] = await api.db.sql`select count(*)::int as n from users`;
  assert.equal(row.n, 2);
});

Deno.test("DELETE /users/:id requires a token", async () => {
  await using api = await testApi();
  const { user } = await api.createUser();
  const res = await api.request(`/users/${user.id}`, { method: "DELETE" });
  assert.equal(res.status, 401);
  const [row] = await api.db.sql`select count(*)::int as n from users where id = ${user.id}`;
  assert.equal(row.n, 1);
});

Deno.test("DELETE /users/:id answers 404 for unknown, malformed or already deleted ids", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const { user } = await api.createUser();
  assert.equal(
    (await api.request(`/users/${user.id}`, { method: "DELETE", token: admin.token })).status,
    200,
  );
  for (const id of [String(user.id), "999999", "0", "abc", "1e3", "99999999999999999999"]) {
    const res = await api.request(`/users/${id}`, { method: "DELETE", token: admin.token });
    assert.equal(res.status, 404, id);
    assert.deepEqual(res.body, { status: "fail", message: "User does not exist." });
  }
});

Deno.test("a deleted user's email and username are free again", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const { user } = await api.createUser({ username: "reused", email: "reused@example.com" });
  await api.request(`/users/${user.id}`, { method: "DELETE", token: admin.token });
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: "reused", email: "reused@example.com", password: "a new person's pw" },
  });
  assert.equal(res.status, 201);
});
