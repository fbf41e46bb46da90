/** Changing one's password is never blocked by login limits, and has its own per user. */
import assert from "node:assert/strict";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";

const login = (api: TestApi, email: string, password: string, ip: string) =>
  api.request("/auth/login", {
    method: "POST",
    json: { email, password },
    headers: { "X-Forwarded-For": ip },
  });

const changePassword = (api: TestApi, me: TestUser, current: string) =>
  api.request("/auth/password", {
    method: "PUT",
    token: me.token,
    json: { current_password: current, new_password: "a brand new passphrase" },
  });

Deno.test("logins locked by a guesser do not block the owner's password change", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_ACCOUNT: "3/1h" });
  const me = await api.createUser();
  for (let i = 0; i < 5; i++) await login(api, me.user.email, `guess ${i}`, `10.0.0.${i}`);
  assert.equal((await login(api, me.user.email, me.password, "10.0.9.9")).status, 429);
  assert.equal((await changePassword(api, me, me.password)).status, 200);
});

Deno.test("wrong current passwords count against that user, not their email's logins", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  for (let i = 0; i < 5; i++) {
    assert.equal((await changePassword(api, me, `guess ${i}`)).status, 400);
  }
  const refused = await changePassword(api, me, me.password);
  assert.equal(refused.status, 429);
  assert.match(refused.headers.get("Retry-After") ?? "", /^[1-9]\d*$/);
  // A thief holding the session cannot lock the owner out of logging in from anywhere.
  assert.equal((await login(api, me.user.email, me.password, "127.0.0.1")).status, 200);
  assert.equal((await login(api, me.user.email, me.password, "198.51.100.3")).status, 200);
});
