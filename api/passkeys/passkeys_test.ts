/** Adding, listing, renaming and removing passkeys; the second step and re-check with one. */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { logInPassword } from "../mfa/testing.ts";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";
import { mailsTo } from "../testing/outbox.ts";
import { addPasskey, ORIGIN, SoftAuthenticator, strongNow } from "./testing.ts";

const options = (api: TestApi, token: string) =>
  api.request("/auth/passkeys/registration/options", { method: "POST", token });
const register = (api: TestApi, token: string, response: unknown) =>
  api.request("/auth/passkeys/registration", { method: "POST", token, json: { response } });

async function secondSession(api: TestApi, me: TestUser): Promise<string> {
  const res = await logInPassword(api, me);
  assert.equal(res.status, 200);
  return res.body.auth_token;
}

Deno.test("adding a passkey: listed without key material, a factor, other sessions end", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await secondSession(api, me);
  const authenticator = new SoftAuthenticator(ORIGIN);
  const answer = await options(api, me.token);
  assert.equal(answer.status, 200);
  const opts = answer.body.data;
  assert.equal(opts.rp.id, "localhost");
  assert.equal(opts.authenticatorSelection.residentKey, "required");
  assert.equal(opts.authenticatorSelection.userVerification, "required");
  const added = await api.request("/auth/passkeys/registration", {
    method: "POST",
    token: me.token,
    json: { name: "Laptop", response: await authenticator.register(opts) },
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const list = await api.request("/auth/passkeys", { token: me.token });
  assert.deepEqual(Object.keys(list.body.data[0]).sort(), [
    "backed_up",
    "created_at",
    "id",
    "last_used_at",
    "name",
  ]);
  assert.equal(list.body.data[0].name, "Laptop");
  const factors = (await api.request("/auth/mfa", { token: me.token })).body.data;
  assert.deepEqual(factors.methods, ["recovery_code", "webauthn"]);
  assert.equal(factors.passkeys[0].name, "Laptop");
  assert.equal((await api.request("/auth/status", { token: other })).status, 401);
  assert.equal((await api.request("/auth/status", { token: me.token })).status, 200);
  const notices = await mailsTo(api, me.user.email, "second_factor_changed");
  assert.match(notices[0].body_text, /passkey was added/);
  const [event] = await api.db.sql`
    select detail from audit_events where action = 'auth.passkey_added'`;
  assert.deepEqual(Object.keys(event.detail).sort(), [
    "method",
    "other_sessions_revoked",
    "passkey_id",
  ]);
  // The second time, the first passkey is excluded.
  await strongNow(api, me.sessionId);
  const again = (await options(api, me.token)).body.data;
  assert.equal(again.excludeCredentials.length, 1);
});

Deno.test("registration needs a recent strong login", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await api.db.sql`update sessions set auth_time = now() - interval '1 hour'`;
  const res = await options(api, me.token);
  assert.equal(res.status, 403);
  assert.equal(res.body.reason, "step_up_required");
});

Deno.test("registration options of one session do not register from another", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const other = await secondSession(api, me);
  const authenticator = new SoftAuthenticator(ORIGIN);
  const response = await authenticator.register((await options(api, me.token)).body.data);
  const res = await register(api, other, response);
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0].field, "response");
  assert.equal((await register(api, me.token, response)).status, 201, "still unused for its own");
  await strongNow(api, me.sessionId);
  assert.equal((await register(api, me.token, response)).status, 400, "but only once");
});

Deno.test("a registration from another origin or without user verification is refused", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const authenticator = new SoftAuthenticator(ORIGIN);
  for (const knobs of [{ origin: "https://evil.example" }, { userVerified: false }]) {
    const response = await authenticator.register(
      (await options(api, me.token)).body.data,
      knobs,
    );
    assert.equal((await register(api, me.token, response)).status, 400, JSON.stringify(knobs));
  }
  const [{ count }] = await api.db.sql`select count(*)::int as count from passkeys`;
  assert.equal(count, 0);
});

Deno.test("rename, and delete with a recent strong login; nobody else's", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const someone = await api.createUser();
  const passkey = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  const path = `/auth/passkeys/${passkey.id}`;
  const renamed = await api.request(path, {
    method: "PATCH",
    token: me.token,
    json: { name: "Phone" },
  });
  assert.equal(renamed.status, 200);
  assert.equal(
    (await api.request(path, { method: "PATCH", token: someone.token, json: { name: "x" } }))
      .status,
    404,
  );
  assert.equal(
    (await api.request(path, { method: "PATCH", token: me.token, json: { name: "" } })).status,
    400,
  );
  assert.equal((await api.request(path, { method: "DELETE", token: someone.token })).status, 404);
  await api.db.sql`update sessions set auth_time = now() - interval '1 hour'`;
  const stale = await api.request(path, { method: "DELETE", token: me.token });
  assert.equal(stale.body.reason, "step_up_required");
  await strongNow(api, me.sessionId);
  assert.equal((await api.request(path, { method: "DELETE", token: me.token })).status, 200);
  assert.deepEqual((await api.request("/auth/passkeys", { token: me.token })).body.data, []);
});

Deno.test("after the password, a passkey of the account completes the second step", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const mine = new SoftAuthenticator(ORIGIN);
  await addPasskey(api, me, mine);
  const someone = await api.createUser();
  const theirs = new SoftAuthenticator(ORIGIN);
  await addPasskey(api, someone, theirs);
  const step = await logInPassword(api, me);
  assert.deepEqual(step.body.methods, ["recovery_code", "webauthn"]);
  const mfa_token = step.body.mfa_token;
  const ask = async () => {
    const res = await api.request("/auth/passkeys/second-step/options", {
      method: "POST",
      json: { mfa_token },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.allowCredentials.length, 1);
    return res.body.data;
  };
  const verify = (response: unknown) =>
    api.request("/auth/passkeys/second-step", {
      method: "POST",
      json: { mfa_token, response },
    });
  // Another user's passkey, signing this login's challenge, proves nothing about this account.
  const foreign = await verify(await theirs.assert(await ask()));
  assert.equal(foreign.status, 400);
  const [failed] = await api.db
    .sql`select detail from audit_events where action = 'auth.mfa_failed'`;
  assert.equal(failed.detail.reason, "not_this_account");
  const ok = await verify(await mine.assert(await ask()));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual(decodeJwt(ok.body.auth_token).amr, ["pwd", "webauthn"]);
  // The mfa_token went with it.
  const again = await api.request("/auth/passkeys/second-step/options", {
    method: "POST",
    json: { mfa_token },
  });
  assert.equal(again.body.reason, "mfa_token_invalid");
});

Deno.test("a passkey re-check lets a sensitive action through; no app code is asked for", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const authenticator = new SoftAuthenticator(ORIGIN);
  const passkey = await addPasskey(api, me, authenticator);
  await api.db.sql`update sessions set auth_time = now() - interval '1 hour'`;
  const path = `/auth/passkeys/${passkey.id}`;
  assert.equal((await api.request(path, { method: "DELETE", token: me.token })).status, 403);
  const byCode = await api.request("/auth/mfa/reauthenticate", {
    method: "POST",
    token: me.token,
    json: { code: "123456" },
  });
  assert.match(byCode.body.errors[0].message, /passkey/);
  const opts = await api.request("/auth/passkeys/reauthenticate/options", {
    method: "POST",
    token: me.token,
  });
  const checked = await api.request("/auth/passkeys/reauthenticate", {
    method: "POST",
    token: me.token,
    json: { response: await authenticator.assert(opts.body.data) },
  });
  assert.equal(checked.status, 200, JSON.stringify(checked.body));
  assert.equal((await api.request(path, { method: "DELETE", token: me.token })).status, 200);
});

Deno.test("an admin sees a user's passkeys by name, and a reset removes them", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const me = await api.createUser();
  await addPasskey(api, me, new SoftAuthenticator(ORIGIN), "Phone");
  // The list shows who has a second factor, to admins only.
  const listed = await api.request("/users", { token: admin.token });
  const flags = Object.fromEntries(
    listed.body.data.users.map((u: { id: number; second_factor: boolean }) => [
      u.id,
      u.second_factor,
    ]),
  );
  assert.deepEqual(flags, { [admin.user.id]: false, [me.user.id]: true });
  const own = await api.request("/users", { token: me.token });
  assert.ok(own.body.data.users.every((u: object) => !("second_factor" in u)));
  const seen = await api.request(`/users/${me.user.id}/factors`, { token: admin.token });
  assert.deepEqual(seen.body.data.passkeys.map((p: { name: string }) => p.name), ["Phone"]);
  assert.deepEqual(seen.body.data.methods, ["recovery_code", "webauthn"]);
  const reset = await api.request(`/users/${me.user.id}/factors`, {
    method: "DELETE",
    token: admin.token,
  });
  assert.equal(reset.status, 200);
  const [{ count }] = await api.db.sql`select count(*)::int as count from passkeys`;
  assert.equal(count, 0);
  const [{ codes }] = await api.db.sql`select count(*)::int as codes from recovery_codes`;
  assert.equal(codes, 0);
  const [event] = await api.db
    .sql`select detail from audit_events where action = 'admin.mfa_reset'`;
  assert.equal(event.detail.passkeys, 1);
});
