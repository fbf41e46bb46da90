import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";
import { tokenMailedTo } from "../testing/outbox.ts";

const FORBIDDEN = { status: "fail", message: "You do not have permission to do that." };

async function login(api: TestApi, email: string, password: string): Promise<string> {
  const res = await api.request("/auth/login", { method: "POST", json: { email, password } });
  assert.equal(res.status, 200, `login as ${email}`);
  return res.body.auth_token;
}

async function alive(api: TestApi, token: string): Promise<boolean> {
  const res = await api.request("/auth/status", { token });
  assert.ok(res.status === 200 || res.status === 401, `status ${res.status}`);
  return res.status === 200;
}

async function userRow(api: TestApi, id: number) {
  const [row] = await api.db.sql`
    select username, email, active, admin, password_hash from users where id = ${id}`;
  return row;
}

Deno.test("PATCH /users/:id lets an admin change username, email, active and admin with 200", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const { user } = await api.createUser();
  const res = await api.request(`/users/${user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "renamed", email: " Renamed@Example.COM ", active: false, admin: true },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.message, "User updated.");
  const updated = res.body.data.user;
  assert.equal(updated.id, user.id);
  assert.equal(updated.username, "renamed");
  assert.equal(updated.email, "renamed@example.com");
  assert.equal(updated.active, false);
  assert.equal(updated.admin, true);
  assert.ok(!("password_hash" in updated));
  assert.ok(!("updated_at" in updated));

  const row = await userRow(api, user.id);
  assert.equal(row.username, "renamed");
  assert.equal(row.email, "renamed@example.com");
  assert.equal(row.active, false);
  assert.equal(row.admin, true);
});

Deno.test("PATCH /users/:id lets an admin set a password: the old one stops working, the new one logs in", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const { user, password } = await api.createUser();
  const res = await api.request(`/users/${user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "a brand new password" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.message, "User updated.");
  assert.ok(!JSON.stringify(res.body).includes("a brand new password"));

  const old = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password },
  });
  assert.equal(old.status, 401);
  await login(api, user.email, "a brand new password");
  assert.match((await userRow(api, user.id)).password_hash, /^\{bcrypt-sha256\}\$2[aby]\$/);
});

Deno.test("PATCH /users/:id lets a user change their own username at once and their email through a link (202)", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const res = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { username: "myself", email: "MySelf@example.com", current_password: me.password },
  });
  assert.equal(res.status, 202);
  assert.match(res.body.message, /^Check your new inbox/);
  assert.deepEqual(
    { ...res.body.data.user, created_at: undefined },
    {
      id: me.user.id,
      username: "myself",
      email: me.user.email,
      active: true,
      admin: false,
      email_verified_at: null,
      created_at: undefined,
    },
  );
  const status = await api.request("/auth/status", { token: me.token });
  assert.equal(status.body.data.username, "myself");
  assert.equal(status.body.data.email, me.user.email, "unchanged until confirmed");
  const token = await tokenMailedTo(api, "myself@example.com", "email_change_confirm");
  const confirmed = await api.request("/auth/email/verify", { method: "POST", json: { token } });
  assert.equal(confirmed.status, 200);
  const after = await api.request("/auth/status", { token: me.token });
  assert.equal(after.body.data.email, "myself@example.com");
});

Deno.test("PATCH /users/:id refuses a non-admin on another user with 403 and changes nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await api.createUser();
  const before = await userRow(api, other.user.id);
  for (const json of [{ username: "stolen" }, { email: "stolen@example.com" }, { active: false }]) {
    const res = await api.request(`/users/${other.user.id}`, {
      method: "PATCH",
      token: me.token,
      json,
    });
    assert.equal(res.status, 403, JSON.stringify(json));
    assert.deepEqual(res.body, FORBIDDEN);
  }
  assert.deepEqual(await userRow(api, other.user.id), before);
});

Deno.test("PATCH /users/:id refuses a non-admin setting active, admin or password on themself with 403", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const before = await userRow(api, me.user.id);
  const attempts = [
    { admin: true },
    { active: false },
    { active: true },
    { password: "my own new password" },
    { username: "fine", admin: true },
  ];
  for (const json of attempts) {
    const res = await api.request(`/users/${me.user.id}`, {
      method: "PATCH",
      token: me.token,
      json,
    });
    assert.equal(res.status, 403, JSON.stringify(json));
    assert.deepEqual(res.body, FORBIDDEN);
  }
  assert.deepEqual(await userRow(api, me.user.id), before);
  assert.ok(await alive(api, me.token));
});

Deno.test("PATCH /users/:id answers 404 'User does not exist.' to an admin and 403 to anyone else", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const user = await api.createUser();
  for (const id of ["999999", "0", "abc", "-1", "1.5", "99999999999999999999"]) {
    const res = await api.request(`/users/${id}`, {
      method: "PATCH",
      token: admin.token,
      json: { username: "ghost" },
    });
    assert.equal(res.status, 404, id);
    assert.deepEqual(res.body, { status: "fail", message: "User does not exist." });
    const asUser = await api.request(`/users/${id}`, {
      method: "PATCH",
      token: user.token,
      json: { username: "ghost" },
    });
    assert.equal(asUser.status, 403, id);
  }
});

Deno.test("PATCH /users/:id requires a token", async () => {
  await using api = await testApi();
  const { user } = await api.createUser();
  const res = await api.request(`/users/${user.id}`, {
    method: "PATCH",
    json: { username: "anon" },
  });
  assert.equal(res.status, 401);
  assert.match(res.headers.get("WWW-Authenticate") ?? "", /^Bearer/);
});

Deno.test("PATCH /users/:id validates with creation's rules and refuses an empty or unknown body with 400", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const { user } = await api.createUser();
  const cases: [unknown, string][] = [
    [{}, "body"],
    [{ username: "ab" }, "username"],
    [{ username: "has space" }, "username"],
    [{ email: "not-an-email" }, "email"],
    [{ password: "short" }, "password"],
    [{ password: "é".repeat(1025) }, "password"],
    [{ active: "false" }, "active"],
    [{ admin: 1 }, "admin"],
    [{ username: null }, "username"],
    [{ role: "admin" }, "role"],
    [{ password_hash: "x" }, "password_hash"],
  ];
  const before = await userRow(api, user.id);
  for (const [json, field] of cases) {
    const res = await api.request(`/users/${user.id}`, {
      method: "PATCH",
      token: admin.token,
      json,
    });
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.status, "fail");
    assert.equal(res.body.message, "Invalid payload.");
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    assert.ok(fields.includes(field), `${JSON.stringify(json)} → ${JSON.stringify(fields)}`);
  }
  assert.deepEqual(await userRow(api, user.id), before);
});

Deno.test("PATCH /users/:id answers a duplicate username in any case, and an admin's duplicate email, with creation's 409", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const taken = await api.createUser({ username: "taken", email: "taken@example.com" });
  const me = await api.createUser();
  for (const token of [admin.token, me.token]) {
    const email = await api.request(`/users/${me.user.id}`, {
      method: "PATCH",
      token,
      json: { email: "TAKEN@example.com", current_password: me.password },
    });
    // The user's own change answers alike for a taken address (see api/email/change_test.ts).
    assert.equal(email.status, token === admin.token ? 409 : 202);
    if (token === admin.token) {
      assert.deepEqual(email.body, {
        status: "fail",
        message: "Sorry. That email already exists.",
      });
    }
    const name = await api.request(`/users/${me.user.id}`, {
      method: "PATCH",
      token,
      json: { username: "Taken" },
    });
    assert.equal(name.status, 409);
    assert.deepEqual(name.body, {
      status: "fail",
      message: "Sorry. That username already exists.",
    });
  }
  const row = await userRow(api, me.user.id);
  assert.equal(row.username, me.user.username);
  assert.equal(row.email, me.user.email);
  assert.equal((await userRow(api, taken.user.id)).username, "taken");
});

Deno.test("PATCH /users/:id keeps a user's own username and email when only their case changes", async () => {
  await using api = await testApi();
  const me = await api.createUser({ username: "casey" });
  const res = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { username: "CASEY", email: me.user.email.toUpperCase() },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.data.user.username, "CASEY");
  assert.equal(res.body.data.user.email, me.user.email);
});

Deno.test("deactivating a user revokes all of their sessions", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  const second = await login(api, target.user.email, target.password);
  const res = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { active: false },
  });
  assert.equal(res.status, 200);
  const [row] = await api.db.sql`
    select count(*)::int as n from sessions where user_id = ${target.user.id} and revoked_at is null`;
  assert.equal(row.n, 0);
  for (const token of [target.token, second]) {
    const status = await api.request("/auth/status", { token });
    assert.equal(status.status, 401);
    assert.equal(status.body.message, "Session expired. Please log in again.");
  }
  const refresh = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: `refresh_token=${target.refreshToken}` },
  });
  assert.equal(refresh.status, 401);
  assert.ok(await alive(api, admin.token));
});

Deno.test("promoting or demoting a user revokes all of their sessions", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  for (const flag of [true, false]) {
    const token = await login(api, target.user.email, target.password);
    const res = await api.request(`/users/${target.user.id}`, {
      method: "PATCH",
      token: admin.token,
      json: { admin: flag },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.user.admin, flag);
    assert.equal(await alive(api, token), false, `admin: ${flag}`);
  }
  assert.equal(await alive(api, target.token), false);
  assert.ok(await alive(api, admin.token));
});

Deno.test("an admin setting someone's password revokes all of that user's sessions", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  const bystander = await api.createUser();
  const second = await login(api, target.user.email, target.password);
  const res = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "reset by an admin" },
  });
  assert.equal(res.status, 200);
  assert.equal(await alive(api, target.token), false);
  assert.equal(await alive(api, second), false);
  assert.ok(await alive(api, bystander.token));
  assert.ok(await alive(api, admin.token));
});

Deno.test("an admin setting their own password keeps their current session and ends the others", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const other = await login(api, admin.user.email, admin.password);
  const res = await api.request(`/users/${admin.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "my next admin password" },
  });
  assert.equal(res.status, 200);
  assert.ok(await alive(api, admin.token));
  assert.equal(await alive(api, other), false);
  await login(api, admin.user.email, "my next admin password");
});

Deno.test("a username or email change revokes no session, by an admin or by the user", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  const second = await login(api, target.user.email, target.password);
  const byAdmin = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "by-admin", email: "by-admin@example.com" },
  });
  assert.equal(byAdmin.status, 200);
  const bySelf = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: target.token,
    json: { username: "by-self", email: "by-self@example.com", current_password: target.password },
  });
  assert.equal(bySelf.status, 202);
  assert.ok(await alive(api, target.token));
  assert.ok(await alive(api, second));
  const [row] = await api.db.sql`
    select count(*)::int as n from sessions where user_id = ${target.user.id} and revoked_at is null`;
  assert.equal(row.n, 2);
});

Deno.test("a deactivated user's access is refused at once, and reactivating them lets them log in again", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { active: false },
  });
  const refused = await api.request("/auth/login", {
    method: "POST",
    json: { email: target.user.email, password: target.password },
  });
  assert.equal(refused.status, 403);
  const res = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { active: true },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.data.user.active, true);
  await login(api, target.user.email, target.password);
});
