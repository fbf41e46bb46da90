/**
 * The email-change probe: any signed-in user could ask "is this address registered?" by moving
 * their own account there and reading the 409, as often as they liked, with a token alone.
 */
import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

Deno.test("changing one's own email needs the current password: none or a wrong one is 400 naming current_password", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const change = (json: Record<string, unknown>) =>
    api.request(`/users/${me.user.id}`, { method: "PATCH", token: me.token, json });

  for (
    const json of [{ email: "moved@example.com" }, {
      email: "moved@example.com",
      current_password: "wrong-password",
    }]
  ) {
    const res = await change(json);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field), ["current_password"]);
  }
  const [row] = await api.db.sql`select email from users where id = ${me.user.id}`;
  assert.equal(row.email, me.user.email);

  const res = await change({ email: "moved@example.com", current_password: me.password });
  assert.equal(res.status, 202);
  assert.equal(res.body.data.user.email, me.user.email, "moves only once the link is followed");
});

Deno.test("a wrong current password on an email change counts against the user's reauthentication limit, not their logins", async () => {
  await using api = await testApi({ RATE_LIMIT_REAUTH_USER: "1/15m" });
  const me = await api.createUser();
  const wrong = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { email: "moved@example.com", current_password: "wrong-password" },
  });
  assert.equal(wrong.status, 400);
  const right = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { email: "moved@example.com", current_password: me.password },
  });
  assert.equal(right.status, 429, "the failure counted against the user");
  const password = await api.request("/auth/password", {
    method: "PUT",
    token: me.token,
    json: { current_password: me.password, new_password: "a brand new password" },
  });
  assert.equal(password.status, 429, "the same limit as a password change's");
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: me.user.email, password: me.password },
  });
  assert.equal(login.status, 200, "the owner's logins are untouched");
});

Deno.test("probing addresses by email changes stops after 5 per hour with 429 and Retry-After", async () => {
  await using api = await testApi({ RATE_LIMIT_MAIL_ADDRESS: "100/1h" });
  const me = await api.createUser();
  for (let n = 1; n <= 5; n++) await api.createUser({ email: `taken${n}@example.com` });
  const probe = (n: number) =>
    api.request(`/users/${me.user.id}`, {
      method: "PATCH",
      token: me.token,
      json: { email: `taken${n}@example.com`, current_password: me.password },
    });
  // The same 202 whether taken or not (api/email/change_test.ts); the count is what matters.
  for (let n = 1; n <= 5; n++) assert.equal((await probe(n)).status, 202, `probe ${n}`);
  const refused = await probe(6);
  assert.equal(refused.status, 429);
  assert.ok(Number(refused.headers.get("Retry-After")) > 0);
  // The limit is on email changes only: the profile's other fields stay editable.
  const rename = await api.request(`/users/${me.user.id}`, {
    method: "PATCH",
    token: me.token,
    json: { username: "still-me" },
  });
  assert.equal(rename.status, 200);
});

Deno.test("parallel email changes are all counted: no more than 5 reach the password check", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, n) =>
      api.request(`/users/${me.user.id}`, {
        method: "PATCH",
        token: me.token,
        json: { email: `guess${n}@example.com`, current_password: `guess-${n}` },
      })),
  );
  const statuses = results.map((res) => res.status).sort();
  assert.deepEqual(statuses, [...Array(5).fill(400), ...Array(7).fill(429)]);
});

Deno.test("an admin changing someone else's email needs no password and still hears 409 for a taken one", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const target = await api.createUser();
  await api.createUser({ email: "taken@example.com" });
  for (let n = 0; n < 6; n++) {
    const res = await api.request(`/users/${target.user.id}`, {
      method: "PATCH",
      token: admin.token,
      json: { email: "taken@example.com" },
    });
    assert.equal(res.status, 409);
  }
  const moved = await api.request(`/users/${target.user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { email: "moved@example.com" },
  });
  assert.equal(moved.status, 200);
});
