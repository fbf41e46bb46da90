import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

const carol = {
  username: "carol",
  email: "Carol@Example.com",
  password: "a password for the new hire",
};

Deno.test("POST /users lets an admin add a user with 201 and '<email> was added!'", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const res = await api.request("/users", {
    method: "POST",
    token: admin.token,
    json: { ...carol, admin: true, active: false },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.message, "carol@example.com was added!");
  const user = res.body.data.user;
  assert.equal(typeof user.id, "number");
  assert.equal(user.username, "carol");
  assert.equal(user.email, "carol@example.com");
  assert.equal(user.admin, true);
  assert.equal(user.active, false);
  assert.ok(!("password_hash" in user));
  assert.ok(!("password" in user));

  const listed = await api.request(`/users/${user.id}`, { token: admin.token });
  assert.equal(listed.body.data.email, "carol@example.com");
});

Deno.test("POST /users defaults new users to active non-admins who can log in", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const res = await api.request("/users", { method: "POST", token: admin.token, json: carol });
  assert.equal(res.body.data.user.admin, false);
  assert.equal(res.body.data.user.active, true);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: carol.email, password: carol.password },
  });
  assert.equal(login.status, 200);
});

Deno.test("POST /users tells a duplicate email from a duplicate username with 409", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  await api.request("/users", { method: "POST", token: admin.token, json: carol });
  const sameEmail = await api.request("/users", {
    method: "POST",
    token: admin.token,
    json: { ...carol, username: "carol2", email: "CAROL@example.com" },
  });
  assert.equal(sameEmail.status, 409);
  assert.deepEqual(sameEmail.body, {
    status: "fail",
    message: "Sorry. That email already exists.",
  });
  const sameName = await api.request("/users", {
    method: "POST",
    token: admin.token,
    json: { ...carol, username: "CAROL", email: "other@example.com" },
  });
  assert.equal(sameName.status, 409);
  assert.deepEqual(sameName.body, {
    status: "fail",
    message: "Sorry. That username already exists.",
  });
});

Deno.test("POST /users requires a token (401), an active account (403) and admin rights (403)", async () => {
  await using api = await testApi();
  const anonymous = await api.request("/users", { method: "POST", json: carol });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.message, "Provide a valid auth token.");

  const user = await api.createUser();
  const notAdmin = await api.request("/users", { method: "POST", token: user.token, json: carol });
  assert.equal(notAdmin.status, 403);
  assert.deepEqual(notAdmin.body, {
    status: "fail",
    message: "You do not have permission to do that.",
  });

  const disabled = await api.createUser({ admin: true, active: false });
  const res = await api.request("/users", { method: "POST", token: disabled.token, json: carol });
  assert.equal(res.status, 403);
  assert.equal(res.body.message, "Account disabled. Please contact us.");

  const [{ count }] = await api.db.sql`select count(*)::int from users where username = 'carol'`;
  assert.equal(count, 0);
});

Deno.test("POST /users validates the body, including the flags' types", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const cases: [unknown, string[]][] = [
    [{}, ["username", "email", "password"]],
    [{ ...carol, admin: "yes" }, ["admin"]],
    [{ ...carol, active: 1 }, ["active"]],
    [{ ...carol, id: 5 }, ["id"]],
  ];
  for (const [json, fields] of cases) {
    const res = await api.request("/users", { method: "POST", token: admin.token, json });
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.message, "Invalid payload.");
    assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field), fields);
  }
});
