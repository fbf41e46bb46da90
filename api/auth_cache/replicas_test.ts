/**
 * The attack on a per-process cache of sessions: log out (or be deactivated) through replica A,
 * then use the same token on replica B, which is busy serving others and has the session in its
 * memory. A notification alone lets B answer 200 from memory until it reads that notification
 * off its socket; the barrier (channel.ts) makes A's answer wait until B has.
 */
import assert from "node:assert/strict";
import { type ApiProcess, spawnApi } from "../testing/api_process.ts";
import { testDatabase } from "../testing/database.ts";

const SECRET_KEY = "auth-cache-replicas-test-secret-0123456789";
const PASSWORD = "Tangerine-Velvet-Orbit-4711";
const ADMIN = { email: "admin@example.com", password: "Quartz-Harbor-Lantern-8123" };
const NO_LIMIT = "1000000/1m";
const TRIALS = 25;

type Probe = { sentAt: number; status: number; replica: string };

Deno.test("a revoked token is never accepted after the revoking answer, on either replica, while the other is under load", async () => {
  await using db = await testDatabase();
  const env = {
    DATABASE_URL: db.appUrl,
    SECRET_KEY,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_LOGIN_IP: NO_LIMIT,
    RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: NO_LIMIT,
    RATE_LIMIT_LOGIN_ACCOUNT: NO_LIMIT,
    RATE_LIMIT_LOGIN_DEVICE: NO_LIMIT,
    RATE_LIMIT_REGISTER_IP: NO_LIMIT,
  };
  await using a = await spawnApi(env);
  await using b = await spawnApi(env);

  const admin = await login(a, ADMIN.email, ADMIN.password);
  const bystander = await register(a, "bystander");
  const victim = await register(a, "victim");

  // B under load: 16 connections of someone else's authenticated requests, all the while.
  let loading = true;
  let served = 0;
  const load = Promise.all(Array.from({ length: 16 }, async () => {
    while (loading) {
      await status(b, bystander.token);
      served++;
    }
  }));

  try {
    const late: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const { token } = await login(a, victim.email, PASSWORD);
      late.push(
        ...await attack(a, b, token, [401], async () => {
          const res = await call(a, "/auth/logout", { method: "POST", token });
          assert.equal(res.status, 200);
        }),
      );
    }
    for (let trial = 0; trial < TRIALS; trial++) {
      const res = await call(a, `/users/${victim.id}`, {
        method: "PATCH",
        token: admin.token,
        json: { active: true },
      });
      assert.equal(res.status, 200);
      const { token } = await login(a, victim.email, PASSWORD);
      // Deactivation also ends the sessions: 403 or 401.
      late.push(
        ...await attack(a, b, token, [401, 403], async () => {
          const res = await call(a, `/users/${victim.id}`, {
            method: "PATCH",
            token: admin.token,
            json: { active: false },
          });
          assert.equal(res.status, 200);
        }),
      );
    }
    assert.deepEqual(late, [], "a revoked token was accepted after the revoking answer");
    assert.ok(served > 100, `B served only ${served} requests: it was not under load`);
  } finally {
    loading = false;
    await load;
  }
});

/**
 * Warms both replicas' memory with the token, keeps using it on both while `revoke` runs on A,
 * and goes on for a while after A's answer; returns each request sent after that answer that
 * was still let in.
 */
async function attack(
  a: ApiProcess,
  b: ApiProcess,
  token: string,
  refused: number[],
  revoke: () => Promise<void>,
): Promise<string[]> {
  for (const replica of [a, b]) assert.equal(await status(replica, token), 200);
  const probes: Probe[] = [];
  let answeredAt = Infinity;
  let stopAt = Infinity;
  // Each prober goes on until it has sent a few requests after the answer, however slow B is.
  const probe = async (replica: ApiProcess, name: string) => {
    let after = 0;
    while (after < 3 || performance.now() < stopAt) {
      const sentAt = performance.now();
      if (sentAt > answeredAt) after++;
      probes.push({ sentAt, status: await status(replica, token), replica: name });
    }
  };
  const probing = Promise.all([probe(a, "A"), probe(b, "B"), probe(b, "B")]);
  await revoke();
  answeredAt = performance.now();
  stopAt = answeredAt + 100;
  await probing;
  const after = probes.filter((p) => p.sentAt > answeredAt);
  for (const p of after) {
    assert.ok(
      p.status === 200 || refused.includes(p.status),
      `unexpected ${p.status} from ${p.replica}`,
    );
  }
  return after.filter((p) => p.status === 200).map((p) =>
    `${p.replica} answered 200 ${(p.sentAt - answeredAt).toFixed(1)} ms after the answer`
  );
}

async function status(api: ApiProcess, token: string): Promise<number> {
  const res = await fetch(`${api.url}/auth/status`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  return res.status;
}

async function call(
  api: ApiProcess,
  path: string,
  init: { method: string; token?: string; json?: unknown },
) {
  const res = await fetch(`${api.url}${path}`, {
    method: init.method,
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.json === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const body = await res.json();
  return { status: res.status, body };
}

async function login(api: ApiProcess, email: string, password: string) {
  const res = await call(api, "/auth/login", { method: "POST", json: { email, password } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { token: res.body.auth_token as string };
}

async function register(api: ApiProcess, name: string) {
  const email = `${name}@example.com`;
  const res = await call(api, "/auth/register", {
    method: "POST",
    json: { username: name, email, password: PASSWORD },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const token = res.body.auth_token as string;
  const me = await call(api, "/auth/status", { method: "GET", token });
  return { token, email, id: me.body.data.id as number };
}
