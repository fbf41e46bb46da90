import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { signAsService } from "../testing/keys.ts";
import { testApi } from "../testing/api.ts";

const SECRET = "test-secret-key-that-is-long-enough-0123456789";

function expectUnauthorized(
  res: { status: number; headers: Headers; body: unknown },
  message: string,
) {
  assert.equal(res.status, 401);
  assert.deepEqual(res.body, { status: "fail", message });
  assert.match(res.headers.get("WWW-Authenticate") ?? "", /^Bearer\b/);
}

Deno.test("a request without an Authorization header gets 401 with a Bearer challenge", async () => {
  await using api = await testApi();
  expectUnauthorized(await api.request("/auth/status"), "Provide a valid auth token.");
});

Deno.test("a malformed Authorization header gets 401 'Provide a valid auth token.'", async () => {
  await using api = await testApi();
  for (const value of ["Bearer", "Basic dXNlcjpwYXNz", "token abc", "Bearer a b", ""]) {
    const res = await api.request("/auth/status", { headers: { Authorization: value } });
    expectUnauthorized(res, "Provide a valid auth token.");
  }
});

Deno.test("a garbage or wrongly signed token gets 401 'Invalid token.'", async () => {
  await using api = await testApi({ SECRET_KEY: SECRET });
  const forged = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("1")
    .setIssuedAt().setExpirationTime("1h").setJti("x")
    .sign(new TextEncoder().encode("another-secret-another-secret-another"));
  for (const token of ["garbage", "a.b.c", forged]) {
    const res = await api.request("/auth/status", { token });
    expectUnauthorized(res, "Invalid token. Please log in again.");
    assert.match(res.headers.get("WWW-Authenticate") ?? "", /error="invalid_token"/);
  }
});

Deno.test("an expired token gets 401 'Signature expired.'", async () => {
  await using api = await testApi({ SECRET_KEY: SECRET });
  const { user, token, sessionId } = await api.createUser();
  assert.equal((await api.request("/auth/status", { token })).status, 200);
  // The same token as the service makes, but for its expiry: a clock is not waited on, so a busy
  // machine cannot make it expire early or late.
  const now = Math.floor(Date.now() / 1000);
  const expired = await signAsService(api.deps.keyring, {
    sub: String(user.id),
    sid: sessionId,
    gen: 1,
    iss: api.deps.config.publicUrl,
    aud: api.deps.config.tokenAudience,
    iat: now - 120,
    exp: now - 60,
    jti: crypto.randomUUID(),
  });
  expectUnauthorized(
    await api.request("/auth/status", { token: expired }),
    "Signature expired. Please log in again.",
  );
});

Deno.test("the token of a deleted user is invalid", async () => {
  await using api = await testApi();
  const { user, token } = await api.createUser();
  await api.db.sql`delete from users where id = ${user.id}`;
  expectUnauthorized(
    await api.request("/auth/status", { token }),
    "Invalid token. Please log in again.",
  );
});

Deno.test("deactivating a user takes effect on their next request with 403", async () => {
  await using api = await testApi();
  const { user, token } = await api.createUser();
  assert.equal((await api.request("/auth/status", { token })).status, 200);
  await api.db.sql`update users set active = false where id = ${user.id}`;
  // An operator's SQL reaches each process's auth cache by NOTIFY; the barrier waits for it.
  await api.deps.authCache.barrier();
  const res = await api.request("/auth/status", { token });
  assert.equal(res.status, 403);
  assert.deepEqual(res.body, { status: "fail", message: "Account disabled. Please contact us." });
});
