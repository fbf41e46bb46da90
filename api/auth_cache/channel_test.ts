import assert from "node:assert/strict";
import { silentLogger } from "../http/logger.ts";
import { testDatabase } from "../testing/database.ts";
import { tcpProxy } from "../testing/tcp_proxy.ts";
import { type AuthChannel, startAuthChannel } from "./channel.ts";
import { createAuthStore } from "./store.ts";

const FENCE_MS = 2000;

async function fresh(channel: AuthChannel) {
  // The first ping comes back within one round trip; the heartbeat does not need to tick.
  const deadline = performance.now() + FENCE_MS;
  while (!channel.fresh()) {
    assert.ok(performance.now() < deadline, "the channel never became fresh");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

Deno.test("a barrier returns once every replica has acknowledged it, well before the fence", async () => {
  await using db = await testDatabase();
  const channels = [0, 1, 2].map(() =>
    startAuthChannel({
      databaseUrl: db.appUrl,
      store: createAuthStore(),
      fenceMs: FENCE_MS,
      logger: silentLogger,
    })
  );
  try {
    for (const channel of channels) await fresh(channel);
    const [{ count }] = await db.sql`select count(*)::int from auth_cache_replicas`;
    assert.equal(count, 3);
    for (const channel of channels) {
      const started = performance.now();
      await channel.barrier();
      const took = performance.now() - started;
      assert.ok(took < FENCE_MS / 2, `the barrier took ${took.toFixed(0)} ms`);
    }
  } finally {
    await Promise.all(channels.map((channel) => channel.close()));
  }
  const [{ count }] = await db.sql`select count(*)::int from auth_cache_replicas`;
  assert.equal(count, 0, "a closed channel deletes its row");
});

Deno.test("a change to a user or a session, by any SQL, drops it from every replica's memory", async () => {
  await using db = await testDatabase();
  const store = createAuthStore();
  const channel = startAuthChannel({
    databaseUrl: db.appUrl,
    store,
    fenceMs: FENCE_MS,
    logger: silentLogger,
  });
  try {
    await fresh(channel);
    const [user] = await db.sql`
      insert into users (username, email, password_hash) values ('someone', 'someone@example.com', 'x')
      returning id`;
    const sessionId = crypto.randomUUID();
    await db.sql`
      insert into sessions (id, user_id, expires_at, max_expires_at)
      values (${sessionId}, ${user.id}, now() + interval '1 hour', now() + interval '1 hour')`;
    const cached = () =>
      store.read(user.id, sessionId, () =>
        Promise.resolve({
          user: { id: user.id } as never,
          session: {
            userId: user.id,
            revoked: false,
            expiresAt: 0,
            accessGeneration: 0,
            keptAccessGeneration: null,
          },
        }));
    const changes = [
      db.sql`update sessions set revoked_at = now() where id = ${sessionId}`,
      db.sql`update users set active = false where id = ${user.id}`,
      db.sql`delete from sessions where id = ${sessionId}`,
    ];
    for (const change of changes) {
      await cached();
      assert.ok(store.get(user.id, sessionId));
      await change;
      // The operator's statement has committed; the barrier orders this process after it.
      await channel.barrier();
      assert.equal(store.get(user.id, sessionId), undefined);
    }
  } finally {
    await channel.close();
  }
});

Deno.test("a replica that loses its channel forgets everything, reads the database until it is back", async () => {
  await using db = await testDatabase();
  const store = createAuthStore();
  const channel = startAuthChannel({
    databaseUrl: db.appUrl,
    store,
    fenceMs: 400,
    logger: silentLogger,
  });
  try {
    await fresh(channel);
    await store.read(1, "00000000-0000-4000-8000-000000000000", () =>
      Promise.resolve({
        user: { id: 1 } as never,
        session: {
          userId: 1,
          revoked: false,
          expiresAt: 0,
          accessGeneration: 0,
          keptAccessGeneration: null,
        },
      }));
    assert.equal(store.size(), 2);
    const closed = new Promise<void>((resolve) => {
      const poll = () => channel.fresh() ? setTimeout(poll, 1) : resolve();
      poll();
    });
    await db.sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'users-service-auth-cache' and datname = current_database()`;
    await closed;
    assert.equal(store.size(), 0);
    // The heartbeat listens again and, once its ping comes back, memory may be used again.
    await fresh(channel);
  } finally {
    await channel.close();
  }
});

Deno.test("closing while the database cannot be reached does not wait for it", async () => {
  await using db = await testDatabase();
  await using proxy = tcpProxy(db.appUrl);
  const channel = startAuthChannel({
    databaseUrl: proxy.url,
    store: createAuthStore(),
    fenceMs: 400,
    logger: silentLogger,
  });
  await fresh(channel);
  proxy.partition();
  // The heartbeat is now trying to listen again: each attempt waits out the connect timeout.
  while (channel.fresh()) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  await channel.close();
  const took = performance.now() - started;
  // Saying goodbye (deleting this replica's row) is a courtesy: the row stops counting once the
  // fence passes. Waiting for it held a stopping API for the connect timeout (1.5 s) and then
  // for postgres.js's reconnect backoff, 20 s and more after a long outage.
  assert.ok(took < 1400, `close took ${Math.round(took)} ms`);
});
