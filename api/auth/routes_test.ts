import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

const alice = { username: "alice", email: "alice@example.com", password: "correct horse" };

Deno.test("POST /auth/register creates the user and returns a bearer token with 201", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/register", { method: "POST", json: alice });
  assert.equal(res.status, 201);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.message, "Successfully registered.");
  assert.equal(res.body.token_type, "Bearer");
  assert.equal(res.body.expires_in, 900);
  assert.match(res.body.auth_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(res.headers.get("Cache-Control"), "no-store");

  const status = await api.request("/auth/status", { token: res.body.auth_token });
  assert.equal(status.status, 200);
  assert.equal(status.body.data.username, "alice");
});

Deno.test("POST /auth/register stores the email trimmed and lower-cased, and hashes the password", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { ...alice, email: "  Alice@Example.COM " },
  });
  assert.equal(res.status, 201);
  const [row] = await api.db.sql`select email, password_hash from users`;
  assert.equal(row.email, "alice@example.com");
  assert.match(row.password_hash, /^\{bcrypt-sha256\}\$2[aby]\$04\$/);
  assert.ok(!row.password_hash.includes(alice.password));
});

Deno.test("POST /auth/register rejects a duplicate email or username, in any case, with 409", async () => {
  await using api = await testApi();
  await api.request("/auth/register", { method: "POST", json: alice });
  for (
    const json of [
      { ...alice, username: "someone" },
      { ...alice, email: "ALICE@example.com", username: "other" },
      { ...alice, email: "new@example.com", username: "ALICE" },
    ]
  ) {
    const res = await api.request("/auth/register", { method: "POST", json });
    assert.equal(res.status, 409, JSON.stringify(json));
    assert.deepEqual(res.body, { status: "fail", message: "Sorry. That user already exists." });
  }
  const [{ count }] = await api.db.sql`select count(*)::int as count from users`;
  assert.equal(count, 1);
});

Deno.test("two concurrent registrations of one email give exactly one 201", async () => {
  await using api = await testApi();
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      api.request("/auth/register", {
        method: "POST",
        json: { ...alice, username: `alice${i}` },
      })),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
});

Deno.test("POST /auth/register validates every field and says which", async () => {
  await using api = await testApi();
  const cases: [unknown, string[]][] = [
    [{}, ["username", "email", "password"]],
    [{ username: "ab", email: "x@example.com", password: "12345678" }, ["username"]],
    [{ username: "a".repeat(33), email: "x@example.com", password: "12345678" }, ["username"]],
    [{ username: "bad name!", email: "x@example.com", password: "12345678" }, ["username"]],
    [{ username: "bob", email: "not-an-email", password: "12345678" }, ["email"]],
    [{ username: "bob", email: `${"a".repeat(250)}@x.io`, password: "12345678" }, ["email"]],
    [{ username: "bob", email: "x@example.com", password: "short" }, ["password"]],
    // 1,025 characters: one over the limit, which counts characters, not bytes.
    [{ username: "bob", email: "x@example.com", password: "é".repeat(1025) }, ["password"]],
    [{ username: 5, email: true, password: null }, ["username", "email", "password"]],
    [{ ...alice, admin: true }, ["admin"]],
    [[alice], ["body"]],
    ["alice", ["body"]],
  ];
  for (const [json, fields] of cases) {
    const res = await api.request("/auth/register", { method: "POST", json });
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.status, "fail");
    assert.equal(res.body.message, "Invalid payload.");
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      fields,
      JSON.stringify(json),
    );
    for (const error of res.body.errors) assert.equal(typeof error.message, "string");
  }
  const [{ count }] = await api.db.sql`select count(*)::int as count from users`;
  assert.equal(count, 0);
});

Deno.test("a 72-byte password is accepted and works for login", async () => {
  await using api = await testApi();
  const password = "é".repeat(36); // 36 characters, 72 bytes
  const reg = await api.request("/auth/register", { method: "POST", json: { ...alice, password } });
  assert.equal(reg.status, 201);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: alice.email, password },
  });
  assert.equal(login.status, 200);
});

Deno.test("POST /auth/login returns a token for the right password", async () => {
  await using api = await testApi();
  const { user, password } = await api.createUser({ email: "bob@example.com" });
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: " BOB@example.com", password },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.message, "Successfully logged in.");
  assert.equal(res.body.token_type, "Bearer");
  assert.equal(res.body.expires_in, 900);
  const status = await api.request("/auth/status", { token: res.body.auth_token });
  assert.equal(status.body.data.id, user.id);
});

Deno.test("POST /auth/login answers an unknown email and a wrong password identically with 401", async () => {
  await using api = await testApi();
  const { user } = await api.createUser();
  const wrong = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password: "not the password" },
  });
  const unknown = await api.request("/auth/login", {
    method: "POST",
    json: { email: "nobody@example.com", password: "not the password" },
  });
  for (const res of [wrong, unknown]) {
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, { status: "fail", message: "Invalid email or password." });
  }
});

Deno.test("POST /auth/login refuses a disabled account with 403, but only with the right password", async () => {
  await using api = await testApi();
  const { user, password } = await api.createUser({ active: false });
  const right = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password },
  });
  assert.equal(right.status, 403);
  assert.deepEqual(right.body, { status: "fail", message: "Account disabled. Please contact us." });
  const wrong = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password: "wrong password" },
  });
  assert.equal(wrong.status, 401);
});

Deno.test("POST /auth/login rejects missing or mistyped fields with 400", async () => {
  await using api = await testApi();
  for (
    const json of [{}, { email: "a@example.com" }, { email: 1, password: 2 }, { password: "x" }]
  ) {
    const res = await api.request("/auth/login", { method: "POST", json });
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(res.body.message, "Invalid payload.");
  }
});

Deno.test("GET /auth/status returns the caller's own record", async () => {
  await using api = await testApi();
  const { user, token } = await api.createUser({ admin: true });
  const res = await api.request("/auth/status", { token });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.deepEqual(res.body.data, {
    id: user.id,
    username: user.username,
    email: user.email,
    active: true,
    admin: true,
    email_verified_at: null,
    created_at: user.created_at.toISOString(),
  });
  assert.match(res.body.data.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

Deno.test("GET /auth/logout answers 200 for a valid token and 401 without one", async () => {
  await using api = await testApi();
  const { token } = await api.createUser();
  const res = await api.request("/auth/logout", { token });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "Successfully logged out." });
  const anonymous = await api.request("/auth/logout");
  assert.equal(anonymous.status, 401);
});
