import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";
import { tokenMailedTo } from "../testing/outbox.ts";

type Row = {
  id: number;
  occurred_at: Date;
  action: string;
  actor_id: number | null;
  target_id: number | null;
  changes: Record<string, { old: unknown; new: unknown }> | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
};
type Listed = { id: number; action: string; actor_id: number | null; target_id: number | null };

const FROM = { "X-Forwarded-For": "203.0.113.7" };

async function rows(api: TestApi, action?: string): Promise<Row[]> {
  const all = await api.db.sql<Row[]>`
    select id, occurred_at, action, actor_id, target_id, changes, detail, ip
    from audit_events order by id`;
  return all
    .map((r) => ({
      ...r,
      id: Number(r.id),
      actor_id: r.actor_id === null ? null : Number(r.actor_id),
      target_id: r.target_id === null ? null : Number(r.target_id),
    }))
    .filter((r) => action === undefined || r.action === action);
}

async function count(api: TestApi): Promise<number> {
  const [row] = await api.db.sql`select count(*)::int as n from audit_events`;
  return row.n;
}

async function only(api: TestApi, action: string): Promise<Row> {
  const found = await rows(api, action);
  assert.equal(found.length, 1, `one ${action} event, found ${found.length}`);
  return found[0];
}

function assertRecent(row: Row) {
  const age = Date.now() - row.occurred_at.getTime();
  assert.ok(age >= -5_000 && age < 60_000, `occurred_at ${row.occurred_at.toISOString()}`);
}

async function login(api: TestApi, email: string, password: string) {
  return await api.request("/auth/login", {
    method: "POST",
    json: { email, password },
    headers: FROM,
  });
}

/** Every page of a listing, following next_cursor. */
async function allPages(api: TestApi, path: string, token: string, limit: number) {
  const seen: Listed[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const url: string = `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await api.request(url, { token });
    assert.equal(res.status, 200, url);
    assert.ok(res.body.data.events.length <= limit);
    seen.push(...res.body.data.events);
    cursor = res.body.data.next_cursor;
    pages++;
    assert.ok(pages < 100);
  } while (cursor !== null);
  return { events: seen, pages };
}

Deno.test("registering records user.registered with the user as actor and target, the IP and the time", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: "newbie", email: "Newbie@Example.com", password: "a passphrase of my own" },
    headers: FROM,
  });
  assert.equal(res.status, 201);
  const [{ id }] = await api.db.sql`select id from users where username = 'newbie'`;
  const event = await only(api, "user.registered");
  assert.equal(event.actor_id, Number(id));
  assert.equal(event.target_id, Number(id));
  assert.equal(event.ip, "203.0.113.7");
  assert.deepEqual(event.detail, {
    username: "newbie",
    email: "newbie@example.com",
    active: true,
    admin: false,
  });
  assertRecent(event);
});

Deno.test("logins, failed logins and logouts are recorded; a failed login keeps the email, never the password", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  assert.equal((await login(api, me.user.email, "wrong password 1")).status, 401);
  assert.equal((await login(api, "nobody@example.com", "wrong password 2")).status, 401);
  const ok = await login(api, me.user.email, me.password);
  assert.equal(ok.status, 200);
  const out = await api.request("/auth/logout", { token: ok.body.auth_token, headers: FROM });
  assert.equal(out.status, 200);

  const events = await rows(api);
  assert.deepEqual(events.map((e) => e.action), [
    "auth.login_failed",
    "auth.login_failed",
    "auth.login",
    "auth.logout",
  ]);
  const [known, unknown, success, logout] = events;
  assert.equal(known.actor_id, null);
  assert.equal(known.target_id, me.user.id);
  assert.deepEqual(known.detail, { email: me.user.email });
  assert.equal(unknown.actor_id, null);
  assert.equal(unknown.target_id, null);
  assert.deepEqual(unknown.detail, { email: "nobody@example.com" });
  for (const event of [success, logout]) {
    assert.equal(event.actor_id, me.user.id);
    assert.equal(event.target_id, me.user.id);
  }
  for (const event of events) {
    assert.equal(event.ip, "203.0.113.7");
    assertRecent(event);
  }
  const text = JSON.stringify(events);
  for (const secret of ["wrong password 1", "wrong password 2", me.password]) {
    assert.ok(!text.includes(secret), `${secret} leaked into the audit trail`);
  }
});

Deno.test("presenting a rotated refresh token records auth.refresh_reused against its user", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "0" });
  const me = await api.createUser();
  const cookie = { Cookie: `refresh_token=${me.refreshToken}`, ...FROM };
  assert.equal(
    (await api.request("/auth/refresh", { method: "POST", headers: cookie })).status,
    200,
  );
  assert.equal(await count(api), 0, "a normal refresh is not an event");
  assert.equal(
    (await api.request("/auth/refresh", { method: "POST", headers: cookie })).status,
    401,
  );
  const event = await only(api, "auth.refresh_reused");
  assert.equal(event.target_id, me.user.id);
  assert.equal(event.ip, "203.0.113.7");
  assert.deepEqual(event.detail, { session_id: me.sessionId });
  assert.ok(!JSON.stringify(event).includes(me.refreshToken));
});

Deno.test("a password change records auth.password_changed; a refused one records nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const wrong = await api.request("/auth/password", {
    method: "PUT",
    token: me.token,
    json: { current_password: "not my password", new_password: "my new password" },
  });
  assert.equal(wrong.status, 400);
  const weak = await api.request("/auth/password", {
    method: "PUT",
    token: me.token,
    json: { current_password: me.password, new_password: "short" },
  });
  assert.equal(weak.status, 400);
  assert.equal(await count(api), 0);

  const res = await api.request("/auth/password", {
    method: "PUT",
    token: me.token,
    json: { current_password: me.password, new_password: "my new password" },
    headers: FROM,
  });
  assert.equal(res.status, 200);
  const event = await only(api, "auth.password_changed");
  assert.equal(event.actor_id, me.user.id);
  assert.equal(event.target_id, me.user.id);
  assert.equal(event.ip, "203.0.113.7");
  assertRecent(event);
  const text = JSON.stringify(event);
  assert.ok(!text.includes("my new password") && !text.includes(me.password));
});

Deno.test("admin actions record actor, target, old and new values, the IP and the time", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const created = await api.request("/users", {
    method: "POST",
    token: admin.token,
    json: { username: "dora", email: "dora@example.com", password: "a passphrase of her own" },
    headers: FROM,
  });
  assert.equal(created.status, 201);
  const doraId: number = created.body.data.user.id;
  const add = await only(api, "admin.user_created");
  assert.equal(add.actor_id, admin.user.id);
  assert.equal(add.target_id, doraId);
  assert.deepEqual(add.detail, {
    username: "dora",
    email: "dora@example.com",
    active: true,
    admin: false,
  });

  const edited = await api.request(`/users/${doraId}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "dorothy", email: "dora@example.com", active: false, admin: false },
    headers: FROM,
  });
  assert.equal(edited.status, 200);
  const update = await only(api, "admin.user_updated");
  assert.equal(update.actor_id, admin.user.id);
  assert.equal(update.target_id, doraId);
  assert.deepEqual(update.changes, {
    username: { old: "dora", new: "dorothy" },
    active: { old: true, new: false },
  }, "only the fields whose value changed");

  const reset = await api.request(`/users/${doraId}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "set by the admin" },
    headers: FROM,
  });
  assert.equal(reset.status, 200);
  const passwordSet = (await rows(api, "admin.user_updated"))[1];
  assert.equal(passwordSet.target_id, doraId);
  assert.deepEqual(passwordSet.detail, { password_set: true });
  assert.deepEqual(Object.keys(passwordSet.changes ?? {}), []);

  const deleted = await api.request(`/users/${doraId}`, {
    method: "DELETE",
    token: admin.token,
    headers: FROM,
  });
  assert.equal(deleted.status, 200);
  const del = await only(api, "admin.user_deleted");
  assert.equal(del.actor_id, admin.user.id);
  assert.equal(del.target_id, doraId);
  assert.deepEqual(del.detail, { username: "dorothy", email: "dora@example.com" });

  const events = await rows(api);
  assert.equal(events.length, 4);
  for (const event of events) {
    assert.equal(event.ip, "203.0.113.7");
    assertRecent(event);
  }
  const text = JSON.stringify(events);
  for (const secret of ["a passphrase of her own", "set by the admin", admin.password]) {
    assert.ok(!text.includes(secret), `${secret} leaked into the audit trail`);
  }
});

Deno.test("a user changing their own username or email is recorded too", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const res = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { email: "changed@example.com", current_password: me.password },
  });
  assert.equal(res.status, 202);
  const [requested] = await rows(api);
  assert.equal(requested.action, "user.email_change_requested");
  assert.deepEqual(requested.detail, { email: "changed@example.com" });
  const token = await tokenMailedTo(api, "changed@example.com", "email_change_confirm");
  await api.request("/auth/email/verify", { method: "POST", json: { token } });
  const [event] = await rows(api, "user.email_changed");
  assert.equal(event.actor_id, me.user.id);
  assert.equal(event.target_id, me.user.id);
  assert.deepEqual(event.changes, { email: { old: me.user.email, new: "changed@example.com" } });
});

Deno.test("a change that fails writes no audit event", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const other = await api.createUser({ email: "other@example.com" });
  const user = await api.createUser();
  const attempts: [TestUser, string, string, unknown, number][] = [
    [admin, "PATCH", `/users/${user.user.id}`, { email: "OTHER@example.com" }, 409],
    [admin, "PATCH", `/users/${user.user.id}`, { username: other.user.username }, 409],
    [
      admin,
      "PATCH",
      `/users/${user.user.id}`,
      { username: "would-change", email: "other@example.com" },
      409,
    ],
    [admin, "PATCH", `/users/${admin.user.id}`, { admin: false }, 409],
    [admin, "PATCH", `/users/${admin.user.id}`, { username: "boss", active: false }, 409],
    [admin, "DELETE", `/users/${admin.user.id}`, undefined, 409],
    [admin, "PATCH", "/users/999999", { username: "ghost" }, 404],
    [admin, "DELETE", "/users/999999", undefined, 404],
    [admin, "PATCH", `/users/${user.user.id}`, { username: "x" }, 400],
    [user, "PATCH", `/users/${other.user.id}`, { username: "hijack" }, 403],
    [user, "PATCH", `/users/${user.user.id}`, { admin: true }, 403],
    [user, "DELETE", `/users/${other.user.id}`, undefined, 403],
    [
      user,
      "POST",
      "/users",
      { username: "eve", email: "eve@example.com", password: "eve's pw!" },
      403,
    ],
    [
      admin,
      "POST",
      "/users",
      { username: "dup", email: "other@example.com", password: "a password" },
      409,
    ],
  ];
  for (const [actor, method, path, json, status] of attempts) {
    const before = await count(api);
    const res = await api.request(path, { method, token: actor.token, json });
    assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(json)}`);
    assert.equal(await count(api), before, `${method} ${path} ${JSON.stringify(json)} was logged`);
  }
  const [row] = await api.db.sql`select username from users where id = ${user.user.id}`;
  assert.equal(row.username, user.user.username, "the failed change left no trace either");
});

Deno.test("no audit row ever holds a password or a password hash", async () => {
  await using api = await testApi();
  const secrets = new Set<string>();
  const hashes = async () => {
    for (const { password_hash } of await api.db.sql`select password_hash from users`) {
      secrets.add(password_hash);
    }
  };
  const admin = await api.createUser({ admin: true, password: "admin secret 1" });
  secrets.add("admin secret 1");
  const reg = await api.request("/auth/register", {
    method: "POST",
    json: { username: "erin", email: "erin@example.com", password: "secret one for e" },
  });
  assert.equal(reg.status, 201);
  secrets.add("secret one for e");
  await hashes();
  await login(api, "erin@example.com", "secret one for e");
  await login(api, "erin@example.com", "erin typo secret");
  secrets.add("erin typo secret");
  await login(api, "ghost@example.com", "ghost secret");
  secrets.add("ghost secret");
  const created = await api.request("/users", {
    method: "POST",
    token: admin.token,
    json: { username: "finn", email: "finn@example.com", password: "secret one for f" },
  });
  const finnId = created.body.data.user.id;
  secrets.add("secret one for f");
  await hashes();
  await api.request(`/users/${finnId}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "secret two for f", username: "finnegan" },
  });
  secrets.add("secret two for f");
  await hashes();
  const erin = await login(api, "erin@example.com", "secret one for e");
  await api.request("/auth/password", {
    method: "PUT",
    token: erin.body.auth_token,
    json: { current_password: "secret one for e", new_password: "secret two for e" },
  });
  secrets.add("secret two for e");
  await hashes();
  await api.request(`/users/${finnId}`, { method: "DELETE", token: admin.token });

  const events = await api.db.sql`select * from audit_events`;
  assert.ok(events.length >= 8, `${events.length} events`);
  const text = JSON.stringify(events);
  assert.ok(!/\$2[aby]\$/.test(text), "no bcrypt hash of any kind");
  for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked`);
});

Deno.test("GET /audit answers 401 without a token and 403 to a non-admin", async () => {
  await using api = await testApi();
  const user = await api.createUser();
  const anonymous = await api.request("/audit");
  assert.equal(anonymous.status, 401);
  const res = await api.request("/audit", { token: user.token });
  assert.equal(res.status, 403);
  assert.deepEqual(res.body, { status: "fail", message: "You do not have permission to do that." });
  assert.equal(
    (await api.request(`/audit?user_id=${user.user.id}`, { token: user.token })).status,
    403,
  );
});

Deno.test("GET /audit pages the whole trail newest first with next_cursor", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const users = [await api.createUser(), await api.createUser()];
  for (const { user, password } of users) {
    await login(api, user.email, password);
    await login(api, user.email, "a wrong password");
  }
  await api.request(`/users/${users[0].user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "renamed" },
  });
  const expected = (await rows(api)).map((r) => r.id).reverse();
  assert.equal(expected.length, 5);

  const first = await api.request("/audit", { token: admin.token });
  assert.equal(first.status, 200);
  assert.equal(first.body.status, "success");
  assert.deepEqual(first.body.data.events.map((e: Listed) => e.id), expected);
  assert.equal(first.body.data.next_cursor, null);
  const newest = first.body.data.events[0];
  assert.deepEqual(Object.keys(newest).sort(), [
    "action",
    "actor_id",
    "actor_name",
    "changes",
    "detail",
    "id",
    "ip",
    "occurred_at",
    "target_id",
    "target_name",
  ]);
  assert.equal(newest.action, "admin.user_updated");
  assert.deepEqual(newest.changes, { username: { old: users[0].user.username, new: "renamed" } });
  assert.match(newest.occurred_at, /Z$/);

  const paged = await allPages(api, "/audit", admin.token, 2);
  assert.equal(paged.pages, 3);
  assert.deepEqual(paged.events.map((e) => e.id), expected);
});

Deno.test("GET /audit?user_id= keeps the events where the user is the actor or the target", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const alice = await api.createUser();
  const bob = await api.createUser();
  await login(api, alice.user.email, alice.password);
  await login(api, bob.user.email, bob.password);
  await api.request(`/users/${alice.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "alice-2" },
  });
  await api.request(`/users/${bob.user.id}`, { method: "DELETE", token: admin.token });

  const forAlice = await allPages(api, `/audit?user_id=${alice.user.id}`, admin.token, 1);
  assert.deepEqual(forAlice.events.map((e) => e.action), ["admin.user_updated", "auth.login"]);
  for (const e of forAlice.events) {
    assert.ok(e.actor_id === alice.user.id || e.target_id === alice.user.id);
  }
  const forAdmin = await allPages(api, `/audit?user_id=${admin.user.id}`, admin.token, 50);
  assert.deepEqual(forAdmin.events.map((e) => e.action), [
    "admin.user_deleted",
    "admin.user_updated",
  ]);
  // A deleted user's history stays.
  const forBob = await allPages(api, `/audit?user_id=${bob.user.id}`, admin.token, 50);
  assert.deepEqual(forBob.events.map((e) => e.action), ["admin.user_deleted", "auth.login"]);
  const nobody = await api.request("/audit?user_id=999999", { token: admin.token });
  assert.deepEqual(nobody.body.data, { events: [], next_cursor: null });
});

Deno.test("GET /audit names the actor and target, and filters by username, action and time", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true, username: "root" });
  const alice = await api.createUser({ username: "Alice" });
  const bob = await api.createUser({ username: "bob" });
  await login(api, alice.user.email, alice.password);
  await login(api, bob.user.email, bob.password);
  await api.request(`/users/${alice.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { active: false },
  });
  await api.request(`/users/${bob.user.id}`, { method: "DELETE", token: admin.token });

  const all = (await allPages(api, "/audit", admin.token, 50)).events as unknown as {
    action: string;
    actor_name: string | null;
    target_name: string | null;
    occurred_at: string;
  }[];
  const updated = all.find((e) => e.action === "admin.user_updated")!;
  assert.deepEqual([updated.actor_name, updated.target_name], ["root", "Alice"]);
  const deleted = all.find((e) => e.action === "admin.user_deleted")!;
  assert.deepEqual([deleted.actor_name, deleted.target_name], ["root", null], "bob is gone");

  const actions = async (query: string) =>
    (await allPages(api, `/audit?${query}`, admin.token, 50)).events.map((e) => e.action);
  assert.deepEqual(await actions("user=alice"), ["admin.user_updated", "auth.login"]);
  assert.deepEqual(await actions("user=ROOT"), ["admin.user_deleted", "admin.user_updated"]);
  assert.deepEqual(await actions("user=nobody"), []);
  assert.deepEqual(await actions("action=auth.login"), ["auth.login", "auth.login"]);
  assert.deepEqual(await actions("action=auth.login&user=bob"), []);
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  assert.equal((await actions(`from=${hourAgo}&to=${inAnHour}`)).length, all.length);
  assert.deepEqual(await actions(`to=${hourAgo}`), []);
  assert.deepEqual(await actions(`from=${encodeURIComponent(inAnHour)}`), []);
  for (const [query, field] of [["action=auth.nope", "action"], ["from=yesterday", "from"]]) {
    const res = await api.request(`/audit?${query}`, { token: admin.token });
    assert.equal(res.status, 400, query);
    assert.equal(res.body.errors[0].field, field);
  }
});

Deno.test("GET /audit rejects a bad limit, cursor or user_id with 400", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const cases: [string, string][] = [
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["cursor=garbage!", "cursor"],
    [`cursor=${btoa("v2:5")}`, "cursor"],
    ["user_id=0", "user_id"],
    ["user_id=-1", "user_id"],
    ["user_id=abc", "user_id"],
    ["user_id=", "user_id"],
    ["event=auth.login", "event"],
    ["action=auth.nope", "action"],
    ["from=2026-13-01T00:00:00Z", "from"],
  ];
  for (const [query, field] of cases) {
    const res = await api.request(`/audit?${query}`, { token: admin.token });
    assert.equal(res.status, 400, query);
    assert.equal(res.body.message, "Invalid payload.");
    assert.ok(
      res.body.errors.some((e: { field: string }) => e.field === field),
      `${query}: ${JSON.stringify(res.body.errors)}`,
    );
  }
});

Deno.test("GET /auth/activity shows the caller only their own events, newest first, paged", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const me = await api.createUser();
  const other = await api.createUser();
  await login(api, me.user.email, me.password);
  await login(api, other.user.email, other.password);
  await login(api, other.user.email, "wrong for other");
  await api.request(`/users/${other.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { username: "other-renamed" },
  });
  await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { username: "me-renamed" },
  });
  await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { email: "me-new@example.com" },
  });
  const expected = (await rows(api))
    .filter((r) => r.actor_id === me.user.id || r.target_id === me.user.id)
    .map((r) => r.id)
    .reverse();
  assert.equal(expected.length, 3);

  const res = await api.request("/auth/activity", { token: me.token });
  assert.equal(res.status, 200);
  const events = res.body.data.events;
  assert.deepEqual(events.map((e: Listed) => e.id), expected);
  assert.deepEqual(events.map((e: Listed) => e.action), [
    "admin.user_updated",
    "user.updated",
    "auth.login",
  ]);
  for (const e of events as Listed[]) {
    assert.ok(e.actor_id === me.user.id || e.target_id === me.user.id);
  }
  assert.equal(events[0].ip, null, "another person's IP is not shown");
  assert.equal(events[2].ip, "203.0.113.7");

  const paged = await allPages(api, "/auth/activity", me.token, 1);
  assert.equal(paged.pages, 3);
  assert.deepEqual(paged.events.map((e) => e.id), expected);

  const theirs = await api.request("/auth/activity", { token: other.token });
  assert.ok(
    theirs.body.data.events.every((e: Listed) =>
      e.actor_id !== me.user.id && e.target_id !== me.user.id
    ),
  );
});

Deno.test("GET /auth/activity requires a token and refuses a bad limit or cursor with 400", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  assert.equal((await api.request("/auth/activity")).status, 401);
  for (const query of ["limit=0", "limit=1000", "cursor=%%%", "user_id=1"]) {
    const res = await api.request(`/auth/activity?${query}`, { token: me.token });
    assert.equal(res.status, 400, query);
  }
});

Deno.test("ending sessions records auth.session_revoked; ending an unknown one records nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await api.createUser();
  const second = await login(api, me.user.email, me.password);
  await login(api, me.user.email, me.password);
  const before = await count(api);
  const missing = await api.request(`/auth/sessions/${other.sessionId}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(missing.status, 404);
  assert.equal(await count(api), before);

  const secondSid = decodeJwt(second.body.auth_token).sid;
  const one = await api.request(`/auth/sessions/${secondSid}`, {
    method: "DELETE",
    token: me.token,
    headers: FROM,
  });
  assert.equal(one.status, 200);
  const all = await api.request("/auth/sessions", { method: "DELETE", token: me.token });
  assert.equal(all.status, 200);
  assert.equal(all.body.message, "Signed out 1 other session.");

  const events = await rows(api, "auth.session_revoked");
  assert.equal(events.length, 2);
  for (const event of events) {
    assert.equal(event.actor_id, me.user.id);
    assert.equal(event.target_id, me.user.id);
  }
  assert.deepEqual(events[0].detail, { session_id: secondSid });
  assert.equal(events[0].ip, "203.0.113.7");
  assert.deepEqual(events[1].detail, { others: 1 });
});
