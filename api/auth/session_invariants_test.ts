/**
 * The session invariant: a session has at most one refresh token that works, at every moment,
 * and nothing (a replay within the grace period, a refresh racing a revocation) can split it.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { type ApiResponse, type TestApi, testApi } from "../testing/api.ts";

const sid = (accessToken: string) => decodeJwt(accessToken).sid as string;

function cookieOf(res: ApiResponse): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith("refresh_token="));
  assert.ok(header, `no refresh cookie in a ${res.status} answer`);
  return header.slice("refresh_token=".length).split(";")[0];
}

async function login(api: TestApi) {
  const { user, password } = await api.createUser();
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password },
    headers: { "User-Agent": "Victim/1.0" },
  });
  assert.equal(res.status, 200);
  return { user, password, refresh: cookieOf(res), access: res.body.auth_token as string };
}

function refresh(api: TestApi, token: string, agent = "Victim/1.0") {
  return api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: `refresh_token=${token}`, "User-Agent": agent },
  });
}

async function reuseEvents(api: TestApi): Promise<number> {
  const [{ n }] = await api.db.sql<{ n: number }[]>`
    select count(*)::int as n from audit_events where action = 'auth.refresh_reused'`;
  return n;
}

Deno.test("a replay within the grace period leaves only the newest token working", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "10" });
  const { refresh: t0 } = await login(api);
  const first = await refresh(api, t0);
  assert.equal(first.status, 200);
  const t1 = cookieOf(first);

  // The old token again, a moment later: a reloaded page, or a thief. It may be answered…
  const replay = await refresh(api, t0, "Thief/6.6");
  assert.equal(replay.status, 200);
  const t2 = cookieOf(replay);

  // …but not with a second live token: the one issued before it no longer works, and using it
  // is reuse, which ends the session for everyone.
  const stale = await refresh(api, t1);
  assert.equal(stale.status, 401);
  assert.equal(await reuseEvents(api), 1);
  assert.equal((await refresh(api, t2, "Thief/6.6")).status, 401);
  assert.equal((await api.request("/auth/status", { token: replay.body.auth_token })).status, 401);
});

Deno.test("after a grace replay, no older token is in grace any more", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "10" });
  const { refresh: t0 } = await login(api);
  const t1 = cookieOf(await refresh(api, t0));
  assert.equal((await refresh(api, t0)).status, 200);
  // Within the grace period still, but the grace was spent: t0 is reuse now.
  assert.equal((await refresh(api, t0)).status, 401);
  assert.equal((await refresh(api, t1)).status, 401);
  assert.equal(await reuseEvents(api), 1);
});

Deno.test("the session list shows one session after a grace replay, with its latest device", async () => {
  await using api = await testApi({ REFRESH_REUSE_GRACE: "10" });
  const { refresh: t0, access } = await login(api);
  const before = await api.request("/auth/sessions", { token: access });
  await refresh(api, t0);
  const replay = await refresh(api, t0, "Thief/6.6");
  const list = await api.request("/auth/sessions", { token: replay.body.auth_token });
  assert.equal(list.status, 200);
  assert.equal(list.body.data.sessions.length, before.body.data.sessions.length);
  const current = list.body.data.sessions.filter((s: { current: boolean }) => s.current);
  assert.equal(current.length, 1);
  assert.equal(current[0].user_agent, "Thief/6.6");
});

for (const action of ["sign out everywhere else", "a password change"] as const) {
  Deno.test(`a thief's grace replay dies on ${action}: only the caller's new token works`, async () => {
    await using api = await testApi({ REFRESH_REUSE_GRACE: "10" });
    const victim = await login(api);
    // The thief copied t0 and replays it within the grace period, after the victim's refresh.
    const own = await refresh(api, victim.refresh);
    const stolen = await refresh(api, victim.refresh, "Thief/6.6");
    assert.equal(stolen.status, 200);
    const thief = { refresh: cookieOf(stolen), access: stolen.body.auth_token as string };

    const res = action === "a password change"
      ? await api.request("/auth/password", {
        method: "PUT",
        token: own.body.auth_token,
        json: { current_password: victim.password, new_password: "a brand new passphrase" },
      })
      : await api.request("/auth/sessions", { method: "DELETE", token: own.body.auth_token });
    assert.equal(res.status, 200);
    const renewed = cookieOf(res);

    // The caller's access token and new refresh token work…
    assert.equal((await api.request("/auth/status", { token: own.body.auth_token })).status, 200);
    const next = await refresh(api, renewed);
    assert.equal(next.status, 200);
    // …and nothing the thief holds does: neither the access token nor the refresh token.
    assert.equal((await api.request("/auth/status", { token: thief.access })).status, 401);
    assert.equal((await refresh(api, thief.refresh, "Thief/6.6")).status, 401);
  });
}

Deno.test("a revocation waiting behind a refresh in progress still ends the refreshed token", async () => {
  await using api = await testApi();
  const { refresh: t0, access } = await login(api);
  const session = sid(access);
  const app = "users-service";

  // Hold the session's row, so the refresh is caught in the middle and the logout queues behind it.
  const holder = await api.db.sql.reserve();
  try {
    await holder`begin`;
    await holder`select id from sessions where id = ${session} for update`;
    const refreshing = refresh(api, t0);
    await waitForLockWaiters(api, app, 1);
    const loggingOut = api.request("/auth/logout", { method: "POST", token: access });
    await waitForLockWaiters(api, app, 2);
    await holder`commit`;

    const [renewed, loggedOut] = await Promise.all([refreshing, loggingOut]);
    assert.equal(renewed.status, 200);
    assert.equal(loggedOut.status, 200);
    assert.equal((await refresh(api, cookieOf(renewed))).status, 401);
    assert.equal(
      (await api.request("/auth/status", { token: renewed.body.auth_token })).status,
      401,
    );
    const list = await api.db.sql<{ n: number }[]>`
      select count(*)::int as n from sessions where id = ${session} and revoked_at is null`;
    assert.equal(list[0].n, 0);
  } finally {
    await holder`rollback`.catch(() => {});
    holder.release();
  }
});

/** Waits until `count` of the API's connections are waiting for a lock: no timing assumed. */
async function waitForLockWaiters(api: TestApi, application: string, count: number) {
  for (let i = 0; i < 2000; i++) {
    const [{ n }] = await api.db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = ${application}
        and wait_event_type = 'Lock'`;
    if (n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never saw ${count} requests waiting for the session's lock`);
}

Deno.test("a session ends at SESSION_MAX_AGE after login, whatever the refreshes", async () => {
  await using api = await testApi({ SESSION_MAX_AGE: "120", REFRESH_TOKEN_TTL: "86400" });
  const { refresh: t0, access } = await login(api);
  // The access token never outlives its session.
  const claims = decodeJwt(access);
  assert.ok(claims.exp! - claims.iat! <= 120, `access token lives ${claims.exp! - claims.iat!} s`);

  const renewed = await refresh(api, t0);
  assert.equal(renewed.status, 200);
  assert.ok(renewed.body.expires_in <= 120);
  const maxAge = Number(/max-age=(\d+)/i.exec(renewed.headers.getSetCookie().join(";"))?.[1]);
  assert.ok(maxAge <= 120, `the refresh cookie outlives the session: ${maxAge}`);

  // Past the absolute limit neither token works, however recently the session was used.
  await api.db.sql`
    update sessions set expires_at = now() - interval '1 second', max_expires_at = now() - interval '1 second'
    where id = ${sid(access)}`;
  assert.equal((await refresh(api, cookieOf(renewed))).status, 401);
  assert.equal((await api.request("/auth/status", { token: renewed.body.auth_token })).status, 401);
});
