import assert from "node:assert/strict";
import { migrate } from "../db/migrate.ts";
import { startPostgres } from "../tools/stack/postgres.ts";
import { loadConfig } from "../api/config.ts";
import { createSql, withDatabase } from "../api/db.ts";
import { silentLogger } from "../api/http/logger.ts";
import { startServer } from "../api/http_server.ts";

type Outcome = { status: number; ms: number; username?: string; phase: string };

// The shared test server must not go down under the other test files: this one has its own.
Deno.test("the API answers 503 within 2 s while PostgreSQL is down and recovers by itself", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "users-outage-pg-" });
  let pg = await startPostgres({ dataDir, ephemeral: true });
  const port = pg.port;
  try {
    const admin = createSql(pg.url, { max: 1 });
    await admin`create database outage`;
    await admin.end();
    const url = withDatabase(pg.url, "outage");
    const migrator = createSql(url, { max: 1 });
    await migrate(migrator, { log: () => {} });
    await migrator.end();

    await using server = await startServer(
      loadConfig({
        APP_ENV: "test",
        DATABASE_URL: url,
        PORT: "0",
        BCRYPT_ROUNDS: "4",
        RATE_LIMIT_REGISTER_IP: "100000/1m",
      }),
      { quiet: true, logger: silentLogger },
    );

    // The first password check reads the common-password list (seconds on a busy machine): done
    // here, so no request of the measured load pays for it.
    const warm = await fetch(`${server.url}/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        username: "warmup",
        email: "warmup@example.com",
        password: "load test pw",
      }),
    });
    assert.equal(warm.status, 201);
    await warm.body?.cancel();

    let phase = "before";
    let running = true;
    let n = 0;
    const outcomes: Outcome[] = [];
    const worker = async () => {
      while (running) {
        const username = `load${n++}`;
        const write = n % 2 === 0;
        const started = performance.now();
        const startedIn = phase;
        const res = await fetch(`${server.url}${write ? "/auth/register" : "/users?limit=5"}`, {
          method: write ? "POST" : "GET",
          headers: { "Content-Type": "application/json" },
          body: write
            ? JSON.stringify({
              username,
              email: `${username}@example.com`,
              password: "load test pw",
            })
            : undefined,
        });
        await res.body?.cancel();
        outcomes.push({
          status: res.status,
          ms: performance.now() - started,
          username: write ? username : undefined,
          phase: startedIn,
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const load = Promise.all([worker(), worker(), worker()]);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    await pause(700);
    phase = "down";
    await pg.stop();
    await pause(2500);
    const live = await fetch(`${server.url}/health/live`);
    const ready = await fetch(`${server.url}/health/ready`);
    assert.equal(live.status, 200);
    assert.equal(ready.status, 503);
    await live.body?.cancel();
    await ready.body?.cancel();

    phase = "restarting";
    pg = await startPostgres({ dataDir, port, ephemeral: true });
    assert.equal(pg.port, port);
    const deadline = Date.now() + 15_000;
    while (
      (await fetch(`${server.url}/health/ready`).then((r) => (r.body?.cancel(), r.status))) !== 200
    ) {
      assert.ok(Date.now() < deadline, "the API did not become ready again");
      await pause(100);
    }
    phase = "after";
    await pause(700);
    running = false;
    await load;

    const down = outcomes.filter((o) => o.phase === "down");
    assert.ok(down.some((o) => o.status === 503), "requests during the outage got 503");
    for (const o of outcomes) {
      assert.ok([200, 201, 503].includes(o.status), `unexpected status ${o.status} (${o.phase})`);
      if (o.status === 503) {
        assert.ok(
          o.ms < 2000,
          `a 503 took ${Math.round(o.ms)} ms (${o.phase}, ${o.username ? "write" : "read"})`,
        );
      }
    }
    const after = outcomes.filter((o) => o.phase === "after");
    assert.ok(after.length > 0 && after.every((o) => o.status < 300), "recovered after the outage");

    const created = outcomes.filter((o) => o.status === 201).map((o) => o.username!);
    assert.ok(created.length > 0);
    const check = createSql(url, { max: 1 });
    const rows = await check<{ username: string }[]>`
      select username from users where username in ${check(created)}`;
    await check.end();
    assert.equal(rows.length, created.length, "every 201 is in the database");
  } finally {
    await pg.stop().catch(() => {});
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});
