/**
 * Inputs from a hostile-input run that used to answer 500 (some after committing the change):
 * each must be refused cleanly, naming the field, with nothing written.
 */
import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";
import { rawRequest } from "../testing/raw_http.ts";

async function counts(api: TestApi) {
  const [row] = await api.db.sql<{ users: number; live: number; events: number }[]>`
    select (select count(*) from users)::int as users,
      (select count(*) from sessions where revoked_at is null and rotated_at is null)::int as live,
      (select count(*) from audit_events)::int as events`;
  return row;
}

function fieldsOf(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((error) => error.field);
}

Deno.test("string fields refuse NUL, lone surrogates and control characters with 400 naming the field", async () => {
  await using api = await testApi();
  const before = await counts(api);
  const cases: [string, Record<string, unknown>, string][] = [
    ["/auth/login", { email: "a\u0000@example.com", password: "whatever-1" }, "email"],
    ["/auth/login", { email: "a\uD800@example.com", password: "whatever-1" }, "email"],
    ["/auth/login", { email: "a@example.com", password: "pass\u0000word-1" }, "password"],
    [
      "/auth/register",
      { username: "bell\u0007", email: "b@example.com", password: "x".repeat(9) },
      "username",
    ],
    [
      "/auth/register",
      { username: "nul", email: "n\u001b@example.com", password: "x".repeat(9) },
      "email",
    ],
  ];
  for (const [path, json, field] of cases) {
    const res = await api.request(path, { method: "POST", json });
    assert.equal(res.status, 400, `${path} ${JSON.stringify(json)}: ${JSON.stringify(res.body)}`);
    assert.deepEqual(fieldsOf(res.body), [field], JSON.stringify(res.body));
  }
  assert.deepEqual(await counts(api), before);
});

Deno.test("query parameters refuse NUL and control characters with 400 naming the parameter", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  for (const [query, field] of [["q=%00", "q"], ["q=a%0Db", "q"], ["cursor=%00", "cursor"]]) {
    const res = await api.request(`/users?${query}`, { token: admin.token });
    assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
    assert.deepEqual(fieldsOf(res.body), [field]);
  }
  const res = await api.request("/audit?cursor=%00", { token: admin.token });
  assert.equal(res.status, 400, JSON.stringify(res.body));
});

Deno.test("length limits hold before the database and bcrypt: a 255-character login email, a 73-byte current password", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const email = `${"a".repeat(243)}@example.com`;
  assert.equal(email.length, 255);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email, password: "whatever-1" },
  });
  assert.equal(login.status, 400, JSON.stringify(login.body));
  assert.deepEqual(fieldsOf(login.body), ["email"]);

  const change = await api.request("/auth/password", {
    method: "PUT",
    token: me.token,
    json: { current_password: "é".repeat(37), new_password: "a new password" },
  });
  assert.equal(change.status, 400, JSON.stringify(change.body));
  assert.deepEqual(fieldsOf(change.body), ["current_password"]);
});

Deno.test("a malformed Host header is refused with 400 before anything is committed", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  for (const host of ["a b", "[::1", "x:99999"]) {
    const before = await counts(api);
    const register = JSON.stringify({
      username: "hosty",
      email: "hosty@example.com",
      password: "a fine password",
    });
    const login = JSON.stringify({ email: me.user.email, password: me.password });
    const requests = [
      `POST /auth/register HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${register.length}`,
      `POST /auth/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${login.length}`,
      `POST /auth/refresh HTTP/1.1\r\nHost: ${host}\r\nCookie: refresh_token=${me.refreshToken}`,
      `POST /auth/logout HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${me.token}`,
    ];
    const bodies = [register, login, "", ""];
    for (const [i, head] of requests.entries()) {
      const res = await rawRequest(api.url, head, bodies[i]);
      assert.equal(res.status, 400, `Host ${host}: ${head.split("\r\n")[0]}: ${res.head}`);
      assert.equal(JSON.parse(res.body).status, "fail");
    }
    assert.deepEqual(await counts(api), before, `Host ${host} committed a change`);
  }
  const status = await api.request("/auth/status", { token: me.token });
  assert.equal(status.status, 200, "the session survived the malformed logouts");
});

Deno.test("a chunked body the client cuts short is 400 on any route, and changes nothing", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const before = await counts(api);
  const cut = "20\r\n" + '{"email": "cut@example.com", "pa';
  for (const target of ["POST /auth/login", "POST /auth/register", `PATCH /users/${me.user.id}`]) {
    const res = await rawRequest(
      api.url,
      `${target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${me.token}\r\n` +
        "Content-Type: application/json\r\nTransfer-Encoding: chunked",
      cut,
    );
    assert.equal(res.status, 400, `${target}: ${res.head}`);
    assert.deepEqual(JSON.parse(res.body).errors, [
      { field: "body", message: "The body could not be read to its end." },
    ]);
  }
  assert.deepEqual(await counts(api), before);
});

Deno.test("a GET with a body over the limit is refused with 413 like any other method", async () => {
  await using api = await testApi();
  const body = "x".repeat(64 * 1024 + 1);
  for (const framing of [`Content-Length: ${body.length}`, "Transfer-Encoding: chunked"]) {
    const sent = framing.startsWith("Content-Length")
      ? body
      : `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const res = await rawRequest(
      api.url,
      `GET /ping HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${framing}`,
      sent,
    );
    assert.equal(res.status, 413, `${framing}: ${res.head}`);
  }
});
