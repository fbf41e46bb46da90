/** Signing in with a passkey, and what an attacker with a response, a challenge or a clone gets. */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { type TestApi, testApi } from "../testing/api.ts";
import { addPasskey, ORIGIN, signIn, signInOptions, SoftAuthenticator } from "./testing.ts";

async function failures(api: TestApi, action = "auth.login_failed") {
  return await api.db.sql<{ target_id: number | null; detail: Record<string, unknown> }[]>`
    select target_id, detail from audit_events where action = ${action} order by id`;
}

async function withPasskey(api: TestApi) {
  const me = await api.createUser();
  const authenticator = new SoftAuthenticator(ORIGIN);
  const passkey = await addPasskey(api, me, authenticator);
  return { me, authenticator, passkey };
}

Deno.test("a passkey signs in without an email: session, cookies, amr webauthn, last use", async () => {
  await using api = await testApi();
  const { me, authenticator } = await withPasskey(api);
  const { options, cookie } = await signInOptions(api);
  assert.deepEqual(options.allowCredentials ?? [], [], "discoverable: no email, no list");
  assert.equal(options.userVerification, "required");
  assert.equal(options.rpId, "localhost");
  const res = await signIn(api, await authenticator.assert(options), cookie);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const claims = decodeJwt(res.body.auth_token);
  assert.equal(claims.sub, String(me.user.id));
  assert.deepEqual(claims.amr, ["webauthn"]);
  assert.ok(Math.abs((claims.auth_time as number) - Date.now() / 1000) < 60);
  const names = res.headers.getSetCookie().map((c) => c.split("=")[0]);
  for (const name of ["refresh_token", "login_device", "passkey_ceremony"]) {
    assert.ok(names.includes(name), name);
  }
  const [row] = await api.db.sql`select last_used_at, sign_count from passkeys`;
  assert.ok(row.last_used_at);
  assert.equal(Number(row.sign_count), 1);
  const [login] = await api.db.sql`
    select detail from audit_events where action = 'auth.login' order by id desc limit 1`;
  assert.deepEqual(login.detail, { amr: ["webauthn"], method: "webauthn" });
});

Deno.test("a replayed assertion is refused: its challenge went with the first use", async () => {
  await using api = await testApi();
  const { authenticator } = await withPasskey(api);
  const { options, cookie } = await signInOptions(api);
  const response = await authenticator.assert(options);
  assert.equal((await signIn(api, response, cookie)).status, 200);
  const replayed = await signIn(api, response, cookie);
  assert.equal(replayed.status, 401);
  // The ceremony is over on a refusal too: its cookie goes with the 401.
  const ceremony = replayed.headers.getSetCookie().find((c) => c.startsWith("passkey_ceremony="));
  assert.match(ceremony ?? "", /^passkey_ceremony=;.*Max-Age=0/i);
  assert.deepEqual((await failures(api)).map((f) => f.detail.reason), ["challenge"]);
});

Deno.test("two concurrent verifications of one challenge: exactly one wins", async () => {
  await using api = await testApi();
  const { authenticator } = await withPasskey(api);
  const { options, cookie } = await signInOptions(api);
  // Counter 0, as synced passkeys report: the challenge alone must stop the copies.
  const response = await authenticator.assert(options, { counter: 0 });
  const answers = await Promise.all(Array.from({ length: 4 }, () => signIn(api, response, cookie)));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401, 401, 401]);
});

Deno.test("an expired challenge is refused", async () => {
  await using api = await testApi();
  const { authenticator } = await withPasskey(api);
  const { options, cookie } = await signInOptions(api);
  await api.db.sql`update passkey_challenges set expires_at = now() - interval '1 second'`;
  assert.equal((await signIn(api, await authenticator.assert(options), cookie)).status, 401);
});

Deno.test("a challenge asked for by another browser cannot be answered from this one", async () => {
  await using api = await testApi();
  const { authenticator } = await withPasskey(api);
  const theirs = await signInOptions(api);
  const mine = await signInOptions(api);
  const response = await authenticator.assert(theirs.options);
  assert.equal((await signIn(api, response, mine.cookie)).status, 401);
  assert.equal((await signIn(api, response, "")).status, 401, "no cookie at all");
});

Deno.test("another origin, another relying party, or no user verification: refused", async () => {
  await using api = await testApi();
  const { authenticator, me } = await withPasskey(api);
  const cases = [
    [{ origin: "https://evil.example" }, "origin"],
    [{ rpId: "evil.example" }, "rp_id"],
    [{ userVerified: false }, "user_verification"],
  ] as const;
  for (const [knobs] of cases) {
    const { options, cookie } = await signInOptions(api);
    const res = await signIn(api, await authenticator.assert(options, knobs), cookie);
    assert.equal(res.status, 401, JSON.stringify(knobs));
  }
  const refused = await failures(api);
  assert.deepEqual(refused.map((f) => f.detail.reason), cases.map(([, reason]) => reason));
  assert.ok(refused.every((f) => f.target_id === me.user.id));
  // What the trail keeps: a method and a reason, never the response.
  assert.ok(refused.every((f) => Object.keys(f.detail).sort().join() === "method,reason"));
});

Deno.test("a sign counter that goes backwards is refused as a possible clone", async () => {
  await using api = await testApi();
  const { authenticator } = await withPasskey(api);
  let { options, cookie } = await signInOptions(api);
  assert.equal(
    (await signIn(api, await authenticator.assert(options, { counter: 5 }), cookie)).status,
    200,
  );
  ({ options, cookie } = await signInOptions(api));
  const clone = await signIn(api, await authenticator.assert(options, { counter: 3 }), cookie);
  assert.equal(clone.status, 401);
  assert.deepEqual((await failures(api)).map((f) => f.detail.reason), ["possible_clone"]);
  const [row] = await api.db.sql`select sign_count from passkeys`;
  assert.equal(Number(row.sign_count), 5);
});

Deno.test("an inactive user's passkey is refused like their password", async () => {
  await using api = await testApi();
  const { me, authenticator } = await withPasskey(api);
  await api.db.sql`update users set active = false where id = ${me.user.id}`;
  await api.deps.authCache.barrier();
  const { options, cookie } = await signInOptions(api);
  const res = await signIn(api, await authenticator.assert(options), cookie);
  assert.equal(res.status, 403);
  assert.equal(res.body.message, "Account disabled. Please contact us.");
});

Deno.test("a deleted passkey signs in no more", async () => {
  await using api = await testApi();
  const { me, authenticator, passkey } = await withPasskey(api);
  const removed = await api.request(`/auth/passkeys/${passkey.id}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(removed.status, 200, JSON.stringify(removed.body));
  const { options, cookie } = await signInOptions(api);
  assert.equal((await signIn(api, await authenticator.assert(options), cookie)).status, 401);
  assert.deepEqual((await failures(api)).map((f) => f.detail.reason), ["unknown_passkey"]);
});

Deno.test("a user handle naming another account is refused", async () => {
  await using api = await testApi();
  const { authenticator } = await withPasskey(api);
  const { options, cookie } = await signInOptions(api);
  const response = await authenticator.assert(options, {
    userHandle: btoa("999").replaceAll("=", ""),
  });
  assert.equal((await signIn(api, response, cookie)).status, 401);
});

Deno.test("failed passkey sign-ins count against the login limits", async () => {
  await using api = await testApi({ RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "2/15m" });
  const { authenticator } = await withPasskey(api);
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    const { options, cookie } = await signInOptions(api);
    const res = await signIn(
      api,
      await authenticator.assert(options, { userVerified: false }),
      cookie,
    );
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, [401, 401, 429]);
});

Deno.test("bad bodies are 400s naming the field", async () => {
  await using api = await testApi();
  const { cookie } = await signInOptions(api);
  const res = await api.request("/auth/login/passkey", {
    method: "POST",
    json: { response: { id: "!!", rawId: "x", type: "public-key", response: {} } },
    headers: { Cookie: cookie },
  });
  assert.equal(res.status, 400);
  assert.ok(res.body.errors.some((e: { field: string }) => e.field.startsWith("response")));
});
