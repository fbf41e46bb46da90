import assert from "node:assert/strict";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";

const HOUR = 3600;
const TWO_WEEKS = 14 * 24 * HOUR;

async function login(api: TestApi, who: TestUser, remember?: boolean) {
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: who.user.email, password: who.password, remember },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res;
}

function refreshCookie(res: { headers: Headers }): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("refresh_token="));
  assert.ok(cookie, "a refresh cookie");
  return cookie;
}

/** Seconds from now until the session of the newest login ends, unless used. */
async function idleLeft(api: TestApi): Promise<number> {
  const [{ left }] = await api.db.sql`
    select extract(epoch from expires_at - now())::int as left
    from sessions order by created_at desc limit 1`;
  return left;
}

Deno.test("login without 'Keep me signed in': a browser-session cookie and BROWSER_SESSION_TTL of idle time, through refreshes", async () => {
  await using api = await testApi({ BROWSER_SESSION_TTL: String(HOUR) });
  const alice = await api.createUser();
  const res = await login(api, alice, false);
  const cookie = refreshCookie(res);
  assert.doesNotMatch(cookie, /Expires=|Max-Age=/i, "ends with the browser");
  assert.ok(Math.abs(await idleLeft(api) - HOUR) < 60, String(await idleLeft(api)));

  const token = cookie.split(";")[0];
  const refreshed = await api.request("/auth/refresh", {
    method: "POST",
    headers: { Cookie: token },
  });
  assert.equal(refreshed.status, 200);
  assert.doesNotMatch(refreshCookie(refreshed), /Expires=|Max-Age=/i);
  assert.ok(Math.abs(await idleLeft(api) - HOUR) < 60, "a refresh keeps the short idle limit");

  // A password change re-issues the session's cookie: still one that ends with the browser.
  const changed = await api.request("/auth/password", {
    method: "PUT",
    token: refreshed.body.auth_token,
    json: { current_password: alice.password, new_password: "a fresh passphrase here" },
  });
  assert.equal(changed.status, 200);
  assert.doesNotMatch(refreshCookie(changed), /Expires=|Max-Age=/i);
});

Deno.test("login with 'Keep me signed in', or without saying, keeps REFRESH_TOKEN_TTL and a lasting cookie", async () => {
  await using api = await testApi({ BROWSER_SESSION_TTL: String(HOUR) });
  const alice = await api.createUser();
  for (const remember of [true, undefined]) {
    const cookie = refreshCookie(await login(api, alice, remember));
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1]);
    assert.ok(Math.abs(maxAge - TWO_WEEKS) < 60, `Max-Age ${maxAge} (remember: ${remember})`);
    assert.ok(Math.abs(await idleLeft(api) - TWO_WEEKS) < 60);
  }
});

Deno.test("POST /auth/login refuses a remember that is not a boolean", async () => {
  await using api = await testApi();
  const alice = await api.createUser();
  const res = await api.request("/auth/login", {
    method: "POST",
    json: { email: alice.user.email, password: alice.password, remember: "yes" },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0].field, "remember");
});
