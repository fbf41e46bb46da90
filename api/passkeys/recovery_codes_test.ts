/**
 * Recovery codes for an account whose only factor is a passkey: a lost passkey must not leave
 * the owner with nothing but an admin's reset.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { enrolTotp, logInPassword, verifyCode } from "../mfa/testing.ts";
import { type TestApi, testApi, type TestUser } from "../testing/api.ts";
import { addPasskey, ORIGIN, SoftAuthenticator, strongNow } from "./testing.ts";

const factors = async (api: TestApi, me: TestUser) =>
  (await api.request("/auth/mfa", { token: me.token })).body.data;

async function unusedCodes(api: TestApi, me: TestUser): Promise<number> {
  const [{ count }] = await api.db.sql<{ count: number }[]>`
    select count(*)::int as count from recovery_codes
    where user_id = ${me.user.id} and used_at is null`;
  return count;
}

Deno.test("the first passkey of an account with no factor comes with 10 recovery codes, the second with none", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const first = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  assert.equal(first.recovery_codes?.length, 10);
  assert.equal(new Set(first.recovery_codes).size, 10);
  assert.deepEqual((await factors(api, me)).methods, ["recovery_code", "webauthn"]);
  assert.equal((await factors(api, me)).recovery_codes_left, 10);
  const second = await addPasskey(api, me, new SoftAuthenticator(ORIGIN), "Phone");
  assert.equal(second.recovery_codes, undefined);
  // The first codes still work: nothing replaced them behind the owner's back.
  assert.equal(await unusedCodes(api, me), 10);
});

Deno.test("a passkey added beside an authenticator app brings no codes and keeps the app's", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await enrolTotp(api, me);
  const added = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  assert.equal(added.recovery_codes, undefined);
  assert.equal(await unusedCodes(api, me), 10);
});

Deno.test("a passkey-only account finishes a password login with a recovery code, each once", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const { recovery_codes: codes } = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  const step = await logInPassword(api, me);
  assert.equal(step.status, 200);
  assert.deepEqual(step.body.methods, ["recovery_code", "webauthn"]);
  const done = await verifyCode(api, step.body.mfa_token, codes![0]);
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.deepEqual(decodeJwt(done.body.auth_token).amr, ["pwd", "otp"]);
  const again = await logInPassword(api, me);
  const reused = await verifyCode(api, again.body.mfa_token, codes![0]);
  assert.equal(reused.status, 400);
  assert.equal(reused.body.errors[0].field, "code");
  // A six-digit guess is no authenticator code for an account without one.
  assert.equal((await verifyCode(api, again.body.mfa_token, "123456")).status, 400);
  assert.equal((await verifyCode(api, again.body.mfa_token, codes![1])).status, 200);
  assert.equal(await unusedCodes(api, me), 8);
});

Deno.test("a passkey-only account re-checks with a recovery code when the passkey is not at hand", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const passkey = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  await api.db.sql`update sessions set auth_time = now() - interval '1 hour'`;
  const recheck = (code: string) =>
    api.request("/auth/mfa/reauthenticate", { method: "POST", token: me.token, json: { code } });
  const wrong = await recheck("AAAA-BBBB-CCCC");
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.errors[0].message, /recovery code.*passkey/);
  const password = await api.request("/auth/mfa/reauthenticate", {
    method: "POST",
    token: me.token,
    json: { current_password: me.password },
  });
  assert.equal(password.status, 400, "a password alone is weaker than the account's factor");
  assert.equal((await recheck(passkey.recovery_codes![0])).status, 200);
  const removed = await api.request(`/auth/passkeys/${passkey.id}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(removed.status, 200);
});

Deno.test("a passkey-only account makes new recovery codes; the old ones stop working", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  const { recovery_codes: old } = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  const res = await api.request("/auth/mfa/recovery-codes", { method: "POST", token: me.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const fresh: string[] = res.body.data.recovery_codes;
  assert.equal(fresh.length, 10);
  const step = await logInPassword(api, me);
  assert.equal((await verifyCode(api, step.body.mfa_token, old![0])).status, 400);
  assert.equal((await verifyCode(api, step.body.mfa_token, fresh[0])).status, 200);
});

Deno.test("codes last while a factor does: kept when the app goes beside a passkey, gone with the last passkey", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await enrolTotp(api, me);
  const passkey = await addPasskey(api, me, new SoftAuthenticator(ORIGIN));
  const off = await api.request("/auth/mfa/totp", {
    method: "DELETE",
    token: me.token,
    json: { current_password: me.password },
  });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.equal(await unusedCodes(api, me), 10);
  assert.deepEqual((await factors(api, me)).methods, ["recovery_code", "webauthn"]);
  await strongNow(api, me.sessionId);
  const removed = await api.request(`/auth/passkeys/${passkey.id}`, {
    method: "DELETE",
    token: me.token,
  });
  assert.equal(removed.status, 200);
  assert.equal(await unusedCodes(api, me), 0);
  assert.deepEqual((await factors(api, me)).methods, []);
  const none = await api.request("/auth/mfa/recovery-codes", { method: "POST", token: me.token });
  assert.equal(none.status, 409);
});

Deno.test("two first passkeys added at once give one set of recovery codes", async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await strongNow(api, me.sessionId);
  const ask = async () =>
    (await api.request("/auth/passkeys/registration/options", { method: "POST", token: me.token }))
      .body.data;
  const [a, b] = [new SoftAuthenticator(ORIGIN), new SoftAuthenticator(ORIGIN)];
  const responses = [await a.register(await ask()), await b.register(await ask())];
  const added = await Promise.all(
    responses.map((response) =>
      api.request("/auth/passkeys/registration", {
        method: "POST",
        token: me.token,
        json: { response },
      })
    ),
  );
  assert.deepEqual(added.map((res) => res.status), [201, 201]);
  const given = added.filter((res) => res.body.data.recovery_codes !== undefined);
  assert.equal(given.length, 1);
  assert.equal(await unusedCodes(api, me), 10);
});
