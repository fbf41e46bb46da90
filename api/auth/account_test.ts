import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";

type Session = {
  id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_used_at: string;
  current: boolean;
};

const SESSION_EXPIRED = "Session expired. Please log in again.";
const sid = (token: string) => decodeJwt(token).sid as string;

async function login(api: TestApi, who: TestUser, userAgent = "Deno test", password?: string) {
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: who.user.email, password: password ?? who.password },
    headers: { "User-Agent": userAgent },
  });
  assert.equal(res.status, 200);
  return res.body.auth_token as string;
}

async function statusOf(api: TestApi, token: string): Promise<number> {
  return (await api.request("/auth/status", { token })).status;
}

async function sessions(api: TestApi, token: string): Promise<Session[]> {
  const res = await api.request("/auth/sessions", { token });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  return res.body.data.sessions;
}

function changePassword(api: TestApi, token: string, json: unknown) {
  return api.request("/auth/password", { method: "PUT", token, json });
}

Deno.test("PUT /auth/password changes the password: the old one stops working, the new one logs in", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const res = await changePassword(api, me.token, {
    current_password: me.password,
    new_password: "my new password",
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "Password changed." });

  const old = await api.request("/auth/login", {
    method: "POST",
    json: { email: me.user.email, password: me.password },
  });
  assert.equal(old.status, 401);
  assert.equal(old.body.message, "Invalid email or password.");
  await login(api, me, "Deno test", "my new password");
});

Deno.test("PUT /auth/password keeps the current session and signs out every other one", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const laptop = await login(api, me, "Laptop");
  const phone = await login(api, me, "Phone");
  const bystander = await api.createUser();
  const res = await changePassword(api, laptop, {
    current_password: me.password,
    new_password: "my new password",
  });
  assert.equal(res.status, 200);
  assert.equal(await statusOf(api, laptop), 200);
  for (const token of [me.token, phone]) {
    const status = await api.request("/auth/status", { token });
    assert.equal(status.status, 401);
    assert.equal(status.body.message, SESSION_EXPIRED);
  }
  const refresh = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: `refresh_token=${me.refreshToken}` },
  });
  assert.equal(refresh.status, 401);
  assert.equal(await statusOf(api, bystander.token), 200);
  assert.deepEqual((await sessions(api, laptop)).map((s) => s.id), [sid(laptop)]);
});

Deno.test("PUT /auth/password with a wrong current password answers 400 on current_password and changes nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await login(api, me);
  const [before] = await api.db.sql`select password_hash from users where id = ${me.user.id}`;
  const res = await changePassword(api, me.token, {
    current_password: "not my password",
    new_password: "my new password",
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.status, "fail");
  assert.equal(res.body.message, "Invalid payload.");
  assert.deepEqual(res.body.errors, [
    { field: "current_password", message: "Current password is incorrect." },
  ]);
  const [after] = await api.db.sql`select password_hash from users where id = ${me.user.id}`;
  assert.equal(after.password_hash, before.password_hash);
  assert.equal(await statusOf(api, other), 200, "no session is revoked");
  await login(api, me);
});

Deno.test("PUT /auth/password applies the password rules to new_password and refuses bad bodies with 400", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const cases: [unknown, string][] = [
    [{ current_password: me.password, new_password: "short" }, "new_password"],
    [{ current_password: me.password, new_password: "ü".repeat(1025) }, "new_password"],
    [{ current_password: me.password }, "new_password"],
    [{ current_password: me.password, new_password: 12345678 }, "new_password"],
    [{ new_password: "my new password" }, "current_password"],
    [{ current_password: "", new_password: "my new password" }, "current_password"],
    [{ current_password: me.password, new_password: "my new password", x: 1 }, "x"],
    [{ current_password: me.password, password: "my new password" }, "password"],
  ];
  for (const [json, field] of cases) {
    const res = await changePassword(api, me.token, json);
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.message, "Invalid payload.");
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    assert.ok(fields.includes(field), `${JSON.stringify(json)} → ${JSON.stringify(fields)}`);
    assert.ok(!JSON.stringify(res.body).includes(me.password), "the password is never echoed");
  }
  await login(api, me);
});

Deno.test("PUT /auth/password requires a token", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const res = await api.request("/auth/password", {
    method: "PUT",
    json: { current_password: me.password, new_password: "my new password" },
  });
  assert.equal(res.status, 401);
  await login(api, me);
});

Deno.test("GET /auth/sessions lists the caller's live sessions with exactly one current", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const firefox = await login(api, me, "Firefox/140.0");
  const chrome = await login(api, me, "Chrome/150.0");
  const stranger = await api.createUser();
  await login(api, stranger, "Stranger/1.0");

  const listed = await sessions(api, chrome);
  assert.equal(listed.length, 3, "the fixture's session and the two logins");
  for (const session of listed) {
    assert.deepEqual(Object.keys(session).sort(), [
      "created_at",
      "current",
      "id",
      "ip",
      "last_used_at",
      "user_agent",
    ]);
    assert.match(session.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(session.created_at)));
    assert.ok(!Number.isNaN(Date.parse(session.last_used_at)));
  }
  assert.deepEqual(listed.filter((s) => s.current).map((s) => s.id), [sid(chrome)]);
  const byId = new Map(listed.map((s) => [s.id, s]));
  assert.equal(byId.get(sid(firefox))?.user_agent, "Firefox/140.0");
  assert.equal(byId.get(sid(chrome))?.user_agent, "Chrome/150.0");
  assert.equal(byId.get(me.sessionId)?.user_agent, "test fixture");
  assert.equal(typeof byId.get(sid(chrome))?.ip, "string");
  assert.ok(!JSON.stringify(listed).includes("Stranger"));

  const fromFirefox = await sessions(api, firefox);
  assert.deepEqual(fromFirefox.filter((s) => s.current).map((s) => s.id), [sid(firefox)]);
});

Deno.test("GET /auth/sessions leaves out revoked sessions and keeps one entry per refreshed session", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await login(api, me, "Other");
  const refreshed = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: `refresh_token=${me.refreshToken}` },
  });
  assert.equal(refreshed.status, 200);
  assert.equal((await api.request("/auth/logout", { method: "POST", token: other })).status, 200);
  const listed = await sessions(api, me.token);
  assert.deepEqual(listed.map((s) => s.id), [me.sessionId]);
  assert.equal(listed[0].current, true);
});

Deno.test("GET /auth/sessions requires a token", async () => {
  await using api = await testApi();
  assert.equal((await api.request("/auth/sessions")).status, 401);
});

Deno.test("DELETE /auth/sessions/:id revokes one of the caller's sessions: its token answers 401", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const phone = await login(api, me, "Phone");
  const res = await api.request(`/auth/sessions/${sid(phone)}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  const status = await api.request("/auth/status", { token: phone });
  assert.equal(status.status, 401);
  assert.equal(status.body.message, SESSION_EXPIRED);
  assert.equal(await statusOf(api, me.token), 200);
  assert.deepEqual((await sessions(api, me.token)).map((s) => s.id), [me.sessionId]);

  const again = await api.request(`/auth/sessions/${sid(phone)}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(again.status, 404, "an already revoked session is gone");
});

Deno.test("DELETE /auth/sessions/:id answers 404 for someone else's, an unknown or a malformed id", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await api.createUser();
  const ids = [
    other.sessionId,
    crypto.randomUUID(),
    "not-a-session",
    "1",
    other.sessionId.toUpperCase(),
    `${other.sessionId}x`,
  ];
  for (const id of ids) {
    const res = await api.request(`/auth/sessions/${encodeURIComponent(id)}`, {
      method: "DELETE",
      token: me.token,
    });
    assert.equal(res.status, 404, id);
    assert.equal(res.body.status, "fail");
  }
  assert.equal(await statusOf(api, other.token), 200, "the other user's session is untouched");
  assert.equal(await statusOf(api, me.token), 200);
});

Deno.test("DELETE /auth/sessions/:id may end the caller's own current session", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const res = await api.request(`/auth/sessions/${me.sessionId}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(res.status, 200);
  assert.equal(await statusOf(api, me.token), 401);
});

Deno.test("DELETE /auth/sessions signs out every other session of the caller and says how many", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const laptop = await login(api, me, "Laptop");
  const phone = await login(api, me, "Phone");
  const other = await api.createUser();
  const res = await api.request("/auth/sessions", { method: "DELETE", token: laptop });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.message, "Signed out 2 other sessions.");
  assert.equal(await statusOf(api, laptop), 200);
  assert.equal(await statusOf(api, phone), 401);
  assert.equal(await statusOf(api, me.token), 401);
  assert.equal(await statusOf(api, other.token), 200);
  assert.deepEqual((await sessions(api, laptop)).map((s) => s.id), [sid(laptop)]);

  const none = await api.request("/auth/sessions", { method: "DELETE", token: laptop });
  assert.equal(none.status, 200);
  assert.equal(none.body.message, "Signed out 0 other sessions.");
  assert.equal(await statusOf(api, laptop), 200);
});

Deno.test("DELETE /auth/sessions requires a token", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  assert.equal((await api.request("/auth/sessions", { method: "DELETE" })).status, 401);
  assert.equal(await statusOf(api, me.token), 200);
});

Deno.test("DELETE /auth/sessions/:id answers 404, not 500, for a 36-character id that is not a UUID", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  for (const id of ["-".repeat(36), "0".repeat(36), "a".repeat(36)]) {
    const res = await api.request(`/auth/sessions/${id}`, { method: "DELETE", token: me.token });
    assert.equal(res.status, 404, id);
    assert.equal(res.body.status, "fail");
  }
  assert.equal(await statusOf(api, me.token), 200);
});

Deno.test("PUT /auth/password limits guesses of the current password per user", async () => {
  await using api = await testApi({ RATE_LIMIT_REAUTH_USER: "3/15m" });
  const me = await api.createUser();
  for (let i = 0; i < 3; i++) {
    const res = await changePassword(api, me.token, {
      current_password: `guess number ${i}`,
      new_password: "my new password",
    });
    assert.equal(res.status, 400);
  }
  const res = await changePassword(api, me.token, {
    current_password: me.password,
    new_password: "my new password",
  });
  assert.equal(res.status, 429);
  assert.match(res.body.message, /^Too many attempts\. Try again in \d+ seconds\.$/);
  assert.match(res.headers.get("Retry-After") ?? "", /^\d+$/);
  const [row] = await api.db.sql`select password_hash from users where id = ${me.user.id}`;
  assert.ok(await api.deps.passwords.verify(me.password, row.password_hash), "unchanged");
});
