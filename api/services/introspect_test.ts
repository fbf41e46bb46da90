import assert from "node:assert/strict";
import { runServices, type ServiceCommand } from "../cli/services.ts";
import { type TestApi, testApi } from "../testing/api.ts";
import { signAsService } from "../testing/keys.ts";
import { createServiceAuthenticator } from "./service.ts";

/** service:* as `deno task` runs them, as the database's owner; returns what they printed. */
async function serviceTask(api: TestApi, command: ServiceCommand, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runServices(command, args, {
    env: { APP_ENV: "test" },
    database: () => Promise.resolve({ url: api.db.url, release: () => Promise.resolve() }),
    print: (line) => void out.push(line),
    printError: (line) => void err.push(line),
  });
  return { code, out, err };
}

async function register(api: TestApi, name: string) {
  const { code, out } = await serviceTask(api, "service:create", [name]);
  assert.equal(code, 0);
  const clientId = /^client_id: (\S+)$/m.exec(out.join("\n"))?.[1];
  const secret = /^client_secret: (\S+)$/m.exec(out.join("\n"))?.[1];
  assert.ok(clientId && secret, out.join("\n"));
  return { clientId, secret, basic: `Basic ${btoa(`${clientId}:${secret}`)}` };
}

/** POST /auth/introspect with a form body, as RFC 7662 has it. */
function introspect(api: TestApi, authorization: string | undefined, token: string) {
  return api.request("/auth/introspect", {
    method: "POST",
    headers: authorization ? { Authorization: authorization } : {},
    body: new URLSearchParams({ token, token_type_hint: "access_token" }),
  });
}

Deno.test("service:create prints the credentials once and stores only a hash; list and revoke", async () => {
  await using api = await testApi();
  const { clientId, secret } = await register(api, "exercises");
  const [row] = await api.db.sql`
    select name, encode(secret_hash, 'hex') as hash from service_clients
    where client_id = ${clientId}`;
  assert.equal(row.name, "exercises");
  assert.ok(!row.hash.includes(secret) && row.hash.length === 64);
  const duplicate = await serviceTask(api, "service:create", ["exercises"]);
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.err[0], /already named "exercises"/);
  assert.equal((await serviceTask(api, "service:create", ["Bad Name"])).code, 2);

  const listed = await serviceTask(api, "service:list");
  assert.match(listed.out[0], new RegExp(`^${clientId} exercises created \\S+Z live$`));
  assert.ok(!listed.out.join("\n").includes(secret));
  const revoked = await serviceTask(api, "service:revoke", ["exercises"]);
  assert.deepEqual(revoked.out, [`revoked service exercises (${clientId})`]);
  assert.equal((await serviceTask(api, "service:revoke", [clientId])).code, 1);
  assert.match((await serviceTask(api, "service:list")).out[0], / revoked \S+Z$/);
  // The name is free again once revoked.
  assert.equal((await serviceTask(api, "service:create", ["exercises"])).code, 0);
});

Deno.test("POST /auth/introspect answers active with the user as of now, by form or JSON", async () => {
  await using api = await testApi();
  const service = await register(api, "exercises");
  const { user, token, sessionId } = await api.createUser({ admin: true });
  const res = await introspect(api, service.basic, token);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Cache-Control"), "no-store");
  const { exp, iat, ...rest } = res.body;
  assert.deepEqual(rest, {
    active: true,
    sub: String(user.id),
    sid: sessionId,
    scope: "user admin",
    username: user.username,
    admin: true,
  });
  assert.ok(exp > iat);
  const json = await api.request("/auth/introspect", {
    method: "POST",
    headers: { Authorization: service.basic },
    json: { token },
  });
  assert.equal(json.body.active, true);
  // Demoted since the token was issued: introspection tells, the token cannot.
  await api.db.sql`update users set admin = false where id = ${user.id}`;
  // An operator's SQL reaches each process's auth cache by NOTIFY; the barrier waits for it.
  await api.deps.authCache.barrier();
  const demoted = await introspect(api, service.basic, token);
  assert.equal(demoted.body.admin, false);
  assert.equal(demoted.body.scope, "user");
});

Deno.test("introspection answers inactive at once after logout, deactivation or revocation, and for anything else", async () => {
  await using api = await testApi();
  const { basic } = await register(api, "exercises");
  const inactive = async (token: string, why: string) => {
    const res = await introspect(api, basic, token);
    assert.equal(res.status, 200, why);
    assert.deepEqual(res.body, { active: false }, why);
  };
  const loggedOut = await api.createUser();
  await api.request("/auth/logout", { method: "POST", token: loggedOut.token });
  await inactive(loggedOut.token, "logged out");
  const disabled = await api.createUser();
  await api.db.sql`update users set active = false where id = ${disabled.user.id}`;
  await api.deps.authCache.barrier();
  await inactive(disabled.token, "deactivated");
  const revoked = await api.createUser();
  const other = await api.createUser({ username: "other", email: "other@example.com" });
  await api.db.sql`update sessions set revoked_at = now() where id = ${revoked.sessionId}`;
  await api.deps.authCache.barrier();
  await inactive(revoked.token, "session revoked");
  await inactive(other.refreshToken, "a refresh token");
  await inactive("garbage", "garbage");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: String(other.user.id),
    sid: other.sessionId,
    jti: "j",
    iss: api.deps.config.publicUrl,
    aud: "users",
  };
  await inactive(
    await signAsService(api.deps.keyring, { ...claims, iat: now - 120, exp: now - 60 }),
    "expired",
  );
  await inactive(
    await signAsService(api.deps.keyring, { ...claims, iat: now, exp: now + 60, aud: "x" }),
    "another audience",
  );
  assert.equal((await introspect(api, basic, other.token)).body.active, true);
});

Deno.test("only registered services may introspect: no, wrong or revoked credentials get 401", async () => {
  await using api = await testApi();
  const service = await register(api, "exercises");
  const { token } = await api.createUser();
  const refused = [
    undefined,
    `Bearer ${token}`,
    `Basic ${btoa(`${service.clientId}:wrong-secret`)}`,
    `Basic ${btoa(`svc_unknown:${service.secret}`)}`,
    `Basic ${btoa(service.clientId)}`,
    "Basic %%%",
  ];
  for (const authorization of refused) {
    const res = await introspect(api, authorization, token);
    assert.equal(res.status, 401, authorization);
    assert.equal(res.headers.get("WWW-Authenticate"), 'Basic realm="users"');
  }
  // Revoked before this process checked it: refused at once (see the authenticator's test for
  // one it had already checked).
  const gone = await register(api, "gone");
  await serviceTask(api, "service:revoke", ["gone"]);
  assert.equal((await introspect(api, gone.basic, token)).status, 401, "revoked");
});

Deno.test("a revoked service is refused at most 1 s after this process last read it, by any path", async () => {
  await using api = await testApi();
  const { clientId, secret } = await register(api, "exercises");
  const other = await register(api, "other");
  let clock = 1_000_000;
  // The default of SERVICE_REMEMBER_MS, the bound the README states.
  assert.equal(api.deps.config.serviceRememberMs, 1_000);
  const services = createServiceAuthenticator(api.deps.sql, { now: () => clock });
  const basic = `Basic ${btoa(`${clientId}:${secret}`)}`;
  assert.equal((await services.authenticateBasic(basic))?.name, "exercises");
  assert.equal((await services.authenticate(other.clientId, other.secret))?.name, "other");
  assert.equal(await services.authenticate(clientId, "wrong"), undefined, "a wrong secret");
  // Revoked by the task, and the other by an operator's SQL.
  await serviceTask(api, "service:revoke", [clientId]);
  await api.db
    .sql`update service_clients set revoked_at = now() where client_id = ${other.clientId}`;
  clock += 999;
  // The header remembered as sent, and the registration read for it: both until the same moment.
  assert.equal((await services.authenticateBasic(basic))?.name, "exercises");
  assert.equal((await services.authenticate(clientId, secret))?.name, "exercises");
  clock += 1;
  assert.equal(await services.authenticateBasic(basic), undefined);
  assert.equal(await services.authenticate(clientId, secret), undefined);
  assert.equal(await services.authenticate(other.clientId, other.secret), undefined);
  assert.equal(await services.authenticate("svc_unknown", secret), undefined);
});

Deno.test("over HTTP, a revoked service's calls stop within SERVICE_REMEMBER_MS", async () => {
  // 0: the registration is read on every call, so the revocation shows on the very next one.
  await using api = await testApi({ SERVICE_REMEMBER_MS: "0" });
  const service = await register(api, "exercises");
  const { token } = await api.createUser();
  assert.equal((await introspect(api, service.basic, token)).status, 200);
  await serviceTask(api, "service:revoke", [service.clientId]);
  assert.equal((await introspect(api, service.basic, token)).status, 401);
});

Deno.test("introspection is limited per service, and refuses a request without a token", async () => {
  await using api = await testApi({ RATE_LIMIT_INTROSPECT: "3/1m" });
  const busy = await register(api, "busy");
  const calm = await register(api, "calm");
  const { token } = await api.createUser();
  for (let i = 0; i < 3; i++) assert.equal((await introspect(api, busy.basic, token)).status, 200);
  const limited = await introspect(api, busy.basic, token);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get("Retry-After")) >= 1);
  assert.equal((await introspect(api, calm.basic, token)).status, 200, "another service");

  const empty = await api.request("/auth/introspect", {
    method: "POST",
    headers: { Authorization: calm.basic },
  });
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.body.errors, [{ field: "token", message: "Required." }]);
  const text = await api.request("/auth/introspect", {
    method: "POST",
    headers: { Authorization: calm.basic, "Content-Type": "text/plain" },
    body: token,
  });
  assert.equal(text.status, 400);
});
