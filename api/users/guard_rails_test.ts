import assert from "node:assert/strict";
import { type ApiResponse, type TestApi, testApi, type TestUser } from "../testing/api.ts";

const NOT_YOURSELF = {
  status: "fail",
  message: "You cannot deactivate, demote or delete yourself.",
};
const ROUNDS = 8;

async function activeAdminIds(api: TestApi): Promise<number[]> {
  const rows = await api.db.sql<{ id: number }[]>`
    select id from users where admin and active order by id`;
  return rows.map((r) => Number(r.id));
}

async function auditCount(api: TestApi): Promise<number> {
  const [row] = await api.db.sql`select count(*)::int as n from audit_events`;
  return row.n;
}

function patch(api: TestApi, actor: TestUser, target: TestUser, json: unknown) {
  return api.request(`/users/${target.user.id}`, { method: "PATCH", token: actor.token, json });
}

function remove(api: TestApi, actor: TestUser, target: TestUser) {
  return api.request(`/users/${target.user.id}`, { method: "DELETE", token: actor.token });
}

Deno.test("an admin cannot demote, deactivate or delete themself: 409, nothing changes, nothing logged", async () => {
  await using api = await testApi();
  const a = await api.createUser({ admin: true });
  const b = await api.createUser({ admin: true });
  // Both with a second active admin around and as the only one left.
  for (const others of [[b], []]) {
    if (others.length === 0) {
      await api.db.sql`update users set active = false where id = ${b.user.id}`;
      // An operator's SQL reaches each process's auth cache by NOTIFY; the barrier waits for it.
      await api.deps.authCache.barrier();
    }
    const before = await auditCount(api);
    for (
      const json of [{ admin: false }, { active: false }, { username: "renamed", admin: false }]
    ) {
      const res = await patch(api, a, a, json);
      assert.equal(res.status, 409, JSON.stringify(json));
      assert.deepEqual(res.body, NOT_YOURSELF);
    }
    const del = await remove(api, a, a);
    assert.equal(del.status, 409);
    assert.deepEqual(del.body, NOT_YOURSELF);
    assert.equal(await auditCount(api), before);
    const [row] = await api.db
      .sql`select username, admin, active from users where id = ${a.user.id}`;
    assert.deepEqual({ ...row }, { username: a.user.username, admin: true, active: true });
    assert.equal((await api.request("/auth/status", { token: a.token })).status, 200);
  }
  assert.deepEqual(await activeAdminIds(api), [a.user.id]);
});

Deno.test("an admin may keep themself an active admin and still edit their own account", async () => {
  await using api = await testApi();
  const a = await api.createUser({ admin: true });
  const res = await patch(api, a, a, { username: "still-boss", admin: true, active: true });
  assert.equal(res.status, 200);
  assert.equal(res.body.data.user.username, "still-boss");
  assert.deepEqual(await activeAdminIds(api), [a.user.id]);
});

Deno.test("an admin may demote, deactivate or delete another admin while they themself remain", async () => {
  await using api = await testApi();
  const a = await api.createUser({ admin: true });
  const b = await api.createUser({ admin: true });
  const c = await api.createUser({ admin: true });
  const d = await api.createUser({ admin: true });
  assert.equal((await patch(api, a, b, { admin: false })).status, 200);
  assert.equal((await patch(api, a, c, { active: false })).status, 200);
  assert.equal((await remove(api, a, d)).status, 200);
  assert.deepEqual(await activeAdminIds(api), [a.user.id]);
  // An inactive admin does not count as one: demoting or deleting them is no risk.
  assert.equal((await patch(api, a, c, { admin: false })).status, 200);
  assert.equal((await remove(api, a, c)).status, 200);
  assert.deepEqual(await activeAdminIds(api), [a.user.id]);
});

Deno.test("a demoted admin loses their admin powers on their very next request", async () => {
  await using api = await testApi();
  const a = await api.createUser({ admin: true });
  const b = await api.createUser({ admin: true });
  assert.equal((await patch(api, a, b, { admin: false })).status, 200);
  const login = await api.request("/auth/login", {
    method: "POST",
    json: { email: b.user.email, password: b.password },
  });
  const fresh = { ...b, token: login.body.auth_token };
  assert.equal((await patch(api, fresh, a, { admin: false })).status, 403);
  assert.equal((await remove(api, fresh, a)).status, 403);
  assert.deepEqual(await activeAdminIds(api), [a.user.id]);
});

/**
 * Two admins, the only active ones, act against each other at the same moment. Exactly one wins.
 * The loser is refused with 403 or 409 when both requests are inside the API together; when the
 * winner commits before the loser's request is even authenticated, the loser's session is already
 * gone (revoked, or deleted with the user) and the refusal is the 401 any stale token gets.
 */
async function race(
  name: string,
  act: (api: TestApi, a: TestUser, b: TestUser) => [Promise<ApiResponse>, Promise<ApiResponse>],
) {
  await using api = await testApi();
  for (let round = 0; round < ROUNDS; round++) {
    await api.db.truncate();
    const a = await api.createUser({ admin: true });
    const b = await api.createUser({ admin: true });
    await api.createUser({ admin: false });
    await api.createUser({ admin: true, active: false });

    const results = await Promise.all(act(api, a, b));
    const statuses = results.map((r) => r.status);
    const winners = statuses.filter((s) => s === 200).length;
    assert.equal(winners, 1, `${name}, round ${round}: ${JSON.stringify(statuses)}`);
    const loser = results.find((r) => r.status !== 200)!;
    assert.ok([401, 403, 409].includes(loser.status), `${name}: loser got ${loser.status}`);
    assert.equal(loser.body.status, "fail");

    const winner = statuses[0] === 200 ? a : b;
    assert.deepEqual(await activeAdminIds(api), [winner.user.id], `${name}, round ${round}`);
    const events = await api.db.sql`
      select actor_id from audit_events where action like 'admin.%'`;
    assert.deepEqual(events.map((e) => Number(e.actor_id)), [winner.user.id]);
  }
}

Deno.test("two admins demoting each other at once: one wins, one active admin remains", async () => {
  await race("demote", (api, a, b) => [
    patch(api, a, b, { admin: false }),
    patch(api, b, a, { admin: false }),
  ]);
});

Deno.test("two admins deactivating each other at once: one wins, one active admin remains", async () => {
  await race("deactivate", (api, a, b) => [
    patch(api, a, b, { active: false }),
    patch(api, b, a, { active: false }),
  ]);
});

Deno.test("two admins deleting each other at once: one wins, one active admin remains", async () => {
  await race("delete", (api, a, b) => [remove(api, a, b), remove(api, b, a)]);
});

Deno.test("an admin deactivating another while that one deletes them: one wins, one active admin remains", async () => {
  await race("deactivate vs delete", (api, a, b) => [
    patch(api, a, b, { active: false }),
    remove(api, b, a),
  ]);
});
