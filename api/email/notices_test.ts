/** Security notices: the owner hears of password changes and of sign-ins from unknown browsers. */
import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";
import { mailsTo } from "../testing/outbox.ts";

const login = (api: TestApi, email: string, password: string, cookie?: string) =>
  api.request("/auth/login", {
    method: "POST",
    json: { email, password },
    headers: { "User-Agent": "Test Browser/1.0", ...(cookie ? { Cookie: cookie } : {}) },
  });

function deviceCookie(res: { headers: Headers }): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("login_device="));
  assert.ok(cookie, "a device cookie");
  return cookie.split(";")[0];
}

Deno.test("a sign-in from a browser the account does not know mails a notice; a known browser does not", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const first = await login(api, me.user.email, me.password);
  assert.equal(first.status, 200);
  const notices = await mailsTo(api, me.user.email, "new_device_signin");
  assert.equal(notices.length, 1);
  assert.match(notices[0].body_text, /Test Browser\/1\.0/);
  assert.match(notices[0].body_text, /127\.0\.0\.1/);
  await login(api, me.user.email, me.password, deviceCookie(first));
  assert.equal((await mailsTo(api, me.user.email, "new_device_signin")).length, 1);
  const failed = await login(api, me.user.email, "wrong password");
  assert.equal(failed.status, 401);
  assert.equal((await mailsTo(api, me.user.email, "new_device_signin")).length, 1);
});

Deno.test("NOTIFY_NEW_DEVICE=false sends no sign-in notices", async () => {
  await using api = await testApi({ NOTIFY_NEW_DEVICE: "false" });
  const me = await api.createUser();
  assert.equal((await login(api, me.user.email, me.password)).status, 200);
  assert.equal((await mailsTo(api, me.user.email)).length, 0);
});

Deno.test("registering makes the browser known: its first login sends no notice", async () => {
  await using api = await testApi();
  const res = await api.request("/auth/register", {
    method: "POST",
    json: { username: "grace", email: "grace@example.com", password: "a long passphrase" },
  });
  assert.equal(res.status, 201);
  await login(api, "grace@example.com", "a long passphrase", deviceCookie(res));
  assert.deepEqual((await mailsTo(api, "grace@example.com")).map((m) => m.kind), ["verify_email"]);
});

Deno.test("every password change mails a notice, never rate limited", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  let current = me.password;
  for (let n = 0; n < 3; n++) {
    const next = `changed passphrase number ${n}`;
    const res = await api.request("/auth/password", {
      method: "PUT",
      token: me.token,
      json: { current_password: current, new_password: next },
    });
    assert.equal(res.status, 200);
    current = next;
  }
  const admin = await api.createUser({ admin: true });
  await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "set by an administrator" },
  });
  const notices = await mailsTo(api, me.user.email, "password_changed");
  assert.equal(notices.length, 4);
  assert.match(notices[0].subject, /Your password was changed/);
  assert.ok(notices.every((n) => !/#token=/.test(n.body_text)), "notices carry no links to act on");
});
