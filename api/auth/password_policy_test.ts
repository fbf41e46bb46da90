import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { testApi } from "../testing/api.ts";
import { insertUser } from "../users/queries.ts";
import { isCommonPassword } from "./password_policy.ts";
import { passwordScheme } from "./passwords.ts";
import { logIn } from "./service.ts";

const PASSPHRASE = "violet tractor quietly juggles 42 lemons";

function register(api: Awaited<ReturnType<typeof testApi>>, fields: Record<string, string>) {
  return api.request("/auth/register", {
    method: "POST",
    json: { username: "mallory", email: "mallory@example.com", password: PASSPHRASE, ...fields },
  });
}

function fieldMessages(body: { errors?: { field: string; message: string }[] }, field: string) {
  return (body.errors ?? []).filter((error) => error.field === field).map((e) => e.message);
}

Deno.test("the shipped list holds the most common passwords, in any case, and not a passphrase", async () => {
  for (const common of ["password1", "Password1", "iloveyou", "qwertyuiop", "P@ssw0rd"]) {
    assert.equal(await isCommonPassword(common), true, common);
  }
  assert.equal(await isCommonPassword(PASSPHRASE), false);
});

Deno.test("POST /auth/register refuses a common or breached password with 400 naming password", async () => {
  await using api = await testApi();
  for (const password of ["password1", "Password1", "baseball1"]) {
    const res = await register(api, { password });
    assert.equal(res.status, 400, password);
    assert.deepEqual(fieldMessages(res.body, "password"), [
      "Password is too common: it appears in lists of breached passwords.",
    ]);
  }
  assert.equal((await register(api, {})).status, 201);
});

Deno.test("a password may not contain the username or the email's name, in any case", async () => {
  await using api = await testApi();
  const message = "Password must not contain your username or the part of your email before the @.";
  const cases: Record<string, string>[] = [
    { password: "i am MALLORY today" },
    { password: "xxmalloryxx" },
    { email: "kross@example.com", password: "KRoss and friends" },
  ];
  for (const fields of cases) {
    const res = await register(api, fields);
    assert.equal(res.status, 400, fields.password);
    assert.deepEqual(fieldMessages(res.body, "password"), [message]);
  }
  // The same rule on a password change, against the caller's own names.
  const { user, password, token } = await api.createUser({ username: "trent" });
  const change = await api.request("/auth/password", {
    method: "PUT",
    token,
    json: { current_password: password, new_password: "Trent's new passphrase" },
  });
  assert.equal(change.status, 400);
  assert.deepEqual(fieldMessages(change.body, "new_password"), [message]);
  // And when an admin sets it, against the target's names.
  const admin = await api.createUser({ admin: true });
  const set = await api.request(`/users/${user.id}`, {
    method: "PATCH",
    token: admin.token,
    json: { password: "welcome back trent" },
  });
  assert.equal(set.status, 400);
  assert.deepEqual(fieldMessages(set.body, "password"), [message]);
});

Deno.test("PUT /auth/password refuses a common new_password and keeps the old one", async () => {
  await using api = await testApi();
  const { user, password, token } = await api.createUser();
  const res = await api.request("/auth/password", {
    method: "PUT",
    token,
    json: { current_password: password, new_password: "letmein123" },
  });
  assert.equal(res.status, 400);
  assert.equal(fieldMessages(res.body, "new_password").length, 1);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: user.email, password },
  });
  assert.equal(login.status, 200);
});

Deno.test("a 64-character CJK password registers and logs in, and every character counts", async () => {
  await using api = await testApi();
  const password = "密码是一个很长的中文句子".repeat(6).slice(0, 64); // 192 bytes in UTF-8
  assert.equal([...password].length, 64);
  assert.equal((await register(api, { password })).status, 201);
  const login = (p: string) =>
    api.request("/auth/login", {
      method: "POST",
      json: { email: "mallory@example.com", password: p },
    });
  assert.equal((await login(password)).status, 200);
  // Plain bcrypt would have stopped after 24 of these characters.
  assert.equal((await login(password.slice(0, 63) + "马")).status, 401);
});

Deno.test("an é typed as one code point or two is the same password at login", async () => {
  await using api = await testApi();
  const password = "Cr\u00e8me br\u00fbl\u00e9e au caf\u00e9";
  assert.equal((await register(api, { password })).status, 201);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: "mallory@example.com", password: password.normalize("NFD") },
  });
  assert.equal(login.status, 200);
});

Deno.test("an account's plain-bcrypt hash verifies at login and is upgraded to the current scheme", async () => {
  await using api = await testApi();
  const password = "an old password, chosen in 2019";
  const legacy = bcrypt.hashSync(password, 4);
  const user = await insertUser(api.db.sql, {
    username: "olduser",
    email: "old@example.com",
    password_hash: legacy,
  });
  const stored = async () => {
    const [row] = await api.db.sql<{ password_hash: string }[]>`
      select password_hash from users where id = ${user.id}`;
    return row.password_hash;
  };
  const login = (p: string) =>
    api.request("/auth/login", { method: "POST", json: { email: "old@example.com", password: p } });

  assert.equal((await login("not the old password")).status, 401);
  assert.equal(await stored(), legacy, "a failed login changes nothing");
  assert.equal((await login(password)).status, 200);
  const upgraded = await stored();
  assert.equal(passwordScheme(upgraded), "bcrypt-sha256");
  assert.equal(api.deps.passwords.needsRehash(upgraded), false);
  assert.equal((await login(password)).status, 200);
  assert.equal(await stored(), upgraded, "a current hash is left alone");
});

Deno.test("a failed login's audit row keeps at most 254 characters of the email typed", async () => {
  await using api = await testApi();
  const email = "a".repeat(5000) + "@example.com";
  await assert.rejects(
    logIn(api.deps, { email, password: "whatever it is" }, { ip: "192.0.2.1", userAgent: null }),
    (error: Error & { status?: number }) => error.status === 401,
  );
  const [row] = await api.db.sql<{ email: string }[]>`
    select detail->>'email' as email from audit_events where action = 'auth.login_failed'`;
  assert.equal(row.email, email.slice(0, 254));
});
