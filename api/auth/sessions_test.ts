import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { type ApiResponse, testApi } from "../testing/api.ts";
import { revokeUserSessions } from "./queries.ts";

type Cookie = { value: string; attributes: Map<string, string> };

function refreshCookie(res: ApiResponse): Cookie | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith("refresh_token="));
  if (!header) return undefined;
  const [pair, ...attrs] = header.split(";").map((part) => part.trim());
  const attributes = new Map(attrs.map((a) => {
    const [k, v = ""] = a.split("=");
    return [k.toLowerCase(), v];
  }));
  return { value: pair.slice("refresh_token=".length), attributes };
}

const sid = (accessToken: string) => decodeJwt(accessToken).sid as string;
const withCookie = (token: string) => ({ headers: { Cookie: `refresh_token=${token}` } });

async function login(api: Awaited<ReturnType<typeof testApi>>, headers: HeadersInit = {}) {
  const { user, password } = await api.createUser();
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password },
    headers,
  });
  assert.equal(res.status, 200);
  return { user, res, cookie: refreshCookie(res)!, access: res.body.auth_token as string };
}

Deno.test("login sets an HttpOnly, SameSite=Strict refresh cookie on /auth with the configured lifetime", async () => {
  await using api = await testApi({ REFRESH_TOKEN_TTL: "86400" });
  const { cookie, res } = await login(api);
  assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(cookie.attributes.get("path"), "/auth");
  assert.ok(cookie.attributes.has("httponly"));
  assert.equal(cookie.attributes.get("samesite"), "Strict");
  assert.ok(!cookie.attributes.has("secure"), "plain HTTP: no Secure flag");
  const maxAge = Number(cookie.attributes.get("max-age"));
  assert.ok(maxAge > 86390 && maxAge <= 86400, `max-age ${maxAge}`);
  assert.equal(res.body.expires_in, 900);
  assert.match(String(decodeJwt(res.body.auth_token).sid), /^[0-9a-f-]{36}$/);
});

Deno.test("the refresh cookie is Secure when the request came over HTTPS through the proxy", async () => {
  await using api = await testApi();
  const { cookie } = await login(api, { "X-Forwarded-Proto": "https" });
  assert.ok(cookie.attributes.has("secure"));
});

Deno.test("register starts a session too", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: "hana", email: "hana@example.com", password: "a passphrase of her own" },
  });
  assert.equal(res.status, 201);
  assert.ok(refreshCookie(res));
  const [row] = await api.db.sql`select count(*)::int as n from sessions`;
  assert.equal(row.n, 1);
});

Deno.test("the database keeps only a SHA-256 of the refresh token, with the user agent", async () => {
  await using api = await testApi();
  const { cookie, access } = await login(api, { "User-Agent": "TestBrowser/1.0" });
  const [row] = await api.db.sql`
    select t.token_hash as refresh_token_hash, s.user_agent
    from refresh_tokens t join sessions s on s.id = t.session_id
    where s.id = ${sid(access)}`;
  assert.match(row.refresh_token_hash, /^[0-9a-f]{64}$/);
  assert.notEqual(row.refresh_token_hash, cookie.value);
  assert.equal(row.user_agent, "TestBrowser/1.0");
  const all = JSON.stringify([
    ...await api.db.sql`select * from sessions`,
    ...await api.db.sql`select * from refresh_tokens`,
  ]);
  assert.ok(!all.includes(cookie.value));
});

Deno.test("POST /auth/refresh rotates the cookie and returns a working access token", async () => {
  await using api = await testApi();
  const { cookie, user } = await login(api);
  const res = await api.request("/auth/refresh", { method: "POST", ...withCookie(cookie.value) });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "success");
  assert.equal(res.body.token_type, "Bearer");
  assert.equal(res.body.expires_in, 900);
  const rotated = refreshCookie(res)!;
  assert.notEqual(rotated.value, cookie.value);
  const status = await api.request("/auth/status", { token: res.body.auth_token });
  assert.equal(status.body.data.id, user.id);
  const again = await api.request("/auth/refresh", {
    method: "POST",
    ...withCookie(rotated.value),
  });
  assert.equal(again.status, 200);
});

Deno.test("presenting an already-rotated refresh token revokes the whole family", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "0" });
  const { cookie, access } = await login(api);
  const first = await api.request("/auth/refresh", { method: "POST", ...withCookie(cookie.value) });
  const rotated = refreshCookie(first)!;
  const newAccess = first.body.auth_token;

  const replay = await api.request("/auth/refresh", {
    method: "POST",
    ...withCookie(cookie.value),
  });
  assert.equal(replay.status, 401);
  assert.deepEqual(replay.body, {
    status: "fail",
    message: "Session expired. Please log in again.",
  });
  assert.equal(refreshCookie(replay)?.attributes.get("max-age"), "0", "the cookie is cleared");

  const legit = await api.request("/auth/refresh", {
    method: "POST",
    ...withCookie(rotated.value),
  });
  assert.equal(legit.status, 401, "the thief's replay also ends the rightful holder's session");
  for (const token of [access, newAccess]) {
    const res = await api.request("/auth/status", { token });
    assert.equal(res.status, 401);
    assert.equal(res.body.message, "Session expired. Please log in again.");
  }
});

Deno.test("POST /auth/refresh without a cookie, or with an unknown one, answers 401 and clears it", async () => {
  await using api = await testApi();
  for (const init of [{}, withCookie("x".repeat(43)), withCookie("bad value!")]) {
    const res = await api.request("/auth/refresh", { method: "POST", ...init });
    assert.equal(res.status, 401);
    assert.equal(res.body.message, "Session expired. Please log in again.");
    assert.match(res.headers.get("WWW-Authenticate") ?? "", /^Bearer/);
    assert.equal(refreshCookie(res)?.attributes.get("max-age"), "0");
  }
});

Deno.test("an expired refresh token answers 401", async () => {
  await using api = await testApi();
  const { cookie } = await login(api);
  await api.db.sql`update sessions set expires_at = now() - interval '1 second'`;
  const res = await api.request("/auth/refresh", { method: "POST", ...withCookie(cookie.value) });
  assert.equal(res.status, 401);
});

Deno.test("refreshing for a deactivated user answers 403 and ends the session", async () => {
  await using api = await testApi();
  const { cookie, user, access } = await login(api);
  await api.db.sql`update users set active = false where id = ${user.id}`;
  const res = await api.request("/auth/refresh", { method: "POST", ...withCookie(cookie.value) });
  assert.equal(res.status, 403);
  assert.equal(res.body.message, "Account disabled. Please contact us.");
  const [row] = await api.db.sql`
    select count(*)::int as n from sessions
    where id = ${sid(access)} and revoked_at is null`;
  assert.equal(row.n, 0);
});

for (const method of ["GET", "POST"]) {
  Deno.test(`${method} /auth/logout ends the access token at once and the refresh token too`, async () => {
    await using api = await testApi();
    const { cookie, access } = await login(api);
    const res = await api.request("/auth/logout", {
      method,
      token: access,
      ...withCookie(cookie.value),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "success", message: "Successfully logged out." });
    assert.equal(refreshCookie(res)?.attributes.get("max-age"), "0");
    const status = await api.request("/auth/status", { token: access });
    assert.equal(status.status, 401);
    assert.equal(status.body.message, "Session expired. Please log in again.");
    const refresh = await api.request("/auth/refresh", {
      method: "POST",
      ...withCookie(cookie.value),
    });
    assert.equal(refresh.status, 401);
  });
}

Deno.test("logging out ends only that session, not the user's others", async () => {
  await using api = await testApi();
  const { user, password } = await api.createUser();
  const body = { email: user.email, password };
  const a = await api.request("/auth/login", { method: "POST", json: body });
  const b = await api.request("/auth/login", { method: "POST", json: body });
  await api.request("/auth/logout", { method: "POST", token: a.body.auth_token });
  assert.equal((await api.request("/auth/status", { token: a.body.auth_token })).status, 401);
  assert.equal((await api.request("/auth/status", { token: b.body.auth_token })).status, 200);
});

Deno.test("revokeUserSessions ends all of a user's sessions, or all but one", async () => {
  await using api = await testApi();
  const a = await api.createUser();
  const { user, password } = a;
  const other = await api.createUser();
  const second = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password },
  });
  const kept = decodeJwt(second.body.auth_token).sid as string;
  assert.equal(await revokeUserSessions(api.db.sql, user.id, { except: kept }), 1);
  // Called outside a request, like an operator's SQL: the cache hears of it through the channel,
  // and a barrier waits until it has (a request that revokes waits for one before answering).
  await api.deps.authCache.barrier();
  assert.equal((await api.request("/auth/status", { token: a.token })).status, 401);
  assert.equal((await api.request("/auth/status", { token: second.body.auth_token })).status, 200);
  assert.equal(await revokeUserSessions(api.db.sql, user.id), 1);
  await api.deps.authCache.barrier();
  assert.equal((await api.request("/auth/status", { token: second.body.auth_token })).status, 401);
  assert.equal((await api.request("/auth/status", { token: other.token })).status, 200);
});

Deno.test("without a grace period, two refreshes racing with one token end the family", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "0" });
  const { cookie, access } = await login(api);
  const results = await Promise.all(
    [1, 2].map(() => api.request("/auth/refresh", { method: "POST", ...withCookie(cookie.value) })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 401]);
  const [row] = await api.db.sql`
    select count(*)::int as n from sessions
    where id = ${sid(access)} and revoked_at is null`;
  assert.equal(row.n, 0);
});

Deno.test("within the grace period a just-rotated token refreshes again (a reload race)", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "10" });
  const { cookie, access } = await login(api);
  const results = await Promise.all(
    [1, 2].map(() => api.request("/auth/refresh", { method: "POST", ...withCookie(cookie.value) })),
  );
  assert.deepEqual(results.map((r) => r.status), [200, 200]);
  for (const res of results) {
    assert.equal((await api.request("/auth/status", { token: res.body.auth_token })).status, 200);
  }
  // Past the grace period the same token is a replay again, and ends the family.
  await api.db.sql`
    update sessions set rotated_at = now() - interval '11 seconds'
    where id = ${sid(access)} and rotated_at is not null`;
  const replay = await api.request("/auth/refresh", {
    method: "POST",
    ...withCookie(cookie.value),
  });
  assert.equal(replay.status, 401);
  for (const res of results) {
    assert.equal((await api.request("/auth/status", { token: res.body.auth_token })).status, 401);
  }
});
