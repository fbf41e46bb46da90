import assert from "node:assert/strict";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";

function deleteAccount(api: TestApi, who: TestUser, password: unknown) {
  return api.request("/auth/account", {
    method: "DELETE",
    token: who.token,
    json: { current_password: password },
  });
}

async function userExists(api: TestApi, id: number): Promise<boolean> {
  return (await api.db.sql`select 1 from users where id = ${id}`).length === 1;
}

Deno.test("DELETE /auth/account with the current password deletes the account, its sessions and its cookie", async () => {
  await using api = await testApi();
  const alice = await api.createUser();
  const other = await api.createUser();
  const res = await deleteAccount(api, alice, alice.password);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "Your account was deleted." });
  assert.match(res.headers.get("Set-Cookie") ?? "", /^refresh_token=;.*Max-Age=0/);
  assert.equal(await userExists(api, alice.user.id), false);
  assert.equal((await api.request("/auth/status", { token: alice.token })).status, 401);
  const refresh = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: `refresh_token=${alice.refreshToken}` },
  });
  assert.equal(refresh.status, 401);
  const [event] = await api.db.sql`
    select actor_id, target_id, detail from audit_events where action = 'user.account_deleted'`;
  assert.deepEqual({ ...event }, {
    actor_id: alice.user.id,
    target_id: alice.user.id,
    detail: { username: alice.user.username, email: alice.user.email },
  });
  assert.equal(await userExists(api, other.user.id), true, "nobody else goes");
});

Deno.test("DELETE /auth/account refuses a wrong or missing password with 400 and keeps the account; guesses hit the per-user limit", async () => {
  await using api = await testApi({ RATE_LIMIT_REAUTH_USER: "2/15m" });
  const alice = await api.createUser();
  const missing = await api.request("/auth/account", { method: "DELETE", token: alice.token });
  assert.equal(missing.status, 400);
  for (let i = 0; i < 2; i++) {
    const wrong = await deleteAccount(api, alice, "not my password");
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [
      { field: "current_password", message: "Current password is incorrect." },
    ]);
  }
  const limited = await deleteAccount(api, alice, alice.password);
  assert.equal(limited.status, 429);
  assert.equal(await userExists(api, alice.user.id), true);
  const events = await api.db.sql`select 1 from audit_events where action = 'user.account_deleted'`;
  assert.equal(events.length, 0);
});

Deno.test("DELETE /auth/account refuses the last active admin with 409; with another active admin it goes", async () => {
  await using api = await testApi();
  const root = await api.createUser({ admin: true });
  await api.createUser({ admin: true, active: false });
  const refused = await deleteAccount(api, root, root.password);
  assert.equal(refused.status, 409);
  assert.equal(
    refused.body.message,
    "You are the last active admin: make another user an admin before deleting your account.",
  );
  assert.equal(await userExists(api, root.user.id), true);

  await api.createUser({ admin: true });
  assert.equal((await deleteAccount(api, root, root.password)).status, 200);
  assert.equal(await userExists(api, root.user.id), false);
});

Deno.test("two last admins deleting themselves at once: one goes, the other is refused", async () => {
  await using api = await testApi();
  const a = await api.createUser({ admin: true });
  const b = await api.createUser({ admin: true });
  const statuses = (await Promise.all([
    deleteAccount(api, a, a.password),
    deleteAccount(api, b, b.password),
  ])).map((res) => res.status).sort();
  assert.deepEqual(statuses, [200, 409]);
  const [{ n }] = await api.db.sql`select count(*)::int as n from users where admin and active`;
  assert.equal(n, 1);
});

Deno.test("GET /auth/export is a file of the caller's profile, sessions and activity, and nobody else's", async () => {
  await using api = await testApi();
  const alice = await api.createUser({ username: "alice" });
  const bob = await api.createUser({ username: "bob" });
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: alice.user.email, password: alice.password },
    headers: { "User-Agent": "Export test browser" },
  });
  assert.equal(login.status, 200);
  await api.request("/auth/logout", { method: "POST", token: login.body.auth_token });
  await api.request("/auth/login", {
    method: "POST",
    json: { email: bob.user.email, password: bob.password },
  });

  const res = await api.request("/auth/export", { token: alice.token });
  assert.equal(res.status, 200);
  assert.equal(
    res.headers.get("Content-Disposition"),
    'attachment; filename="users-service-alice.json"',
  );
  const { profile, sessions, activity } = res.body.data;
  assert.deepEqual(profile, {
    id: alice.user.id,
    username: "alice",
    email: alice.user.email,
    active: true,
    admin: false,
    created_at: alice.user.created_at.toISOString(),
    email_verified_at: null,
  });
  assert.equal(sessions.length, 2, "the live one and the logged-out one");
  const ended = sessions.find((s: { user_agent: string }) =>
    s.user_agent === "Export test browser"
  );
  assert.ok(ended.revoked_at, "the logged-out session says when it ended");
  assert.deepEqual(
    activity.map((e: { action: string }) => e.action),
    ["auth.logout", "auth.login"],
  );
  assert.ok(
    activity.every((e: { actor_id: number; target_id: number }) =>
      e.actor_id === alice.user.id || e.target_id === alice.user.id
    ),
  );
  assert.doesNotMatch(JSON.stringify(res.body), /bob|password_hash|\$2[aby]\$/);
  const [exported] = await api.db.sql`
    select actor_id from audit_events where action = 'user.data_exported'`;
  assert.equal(exported.actor_id, alice.user.id);
});

Deno.test("DELETE /auth/account and GET /auth/export need a token", async () => {
  await using api = await testApi();
  const del = await api.request("/auth/account", {
    method: "DELETE",
    json: { current_password: "whatever it is" },
  });
  assert.equal(del.status, 401);
  assert.equal((await api.request("/auth/export")).status, 401);
});
