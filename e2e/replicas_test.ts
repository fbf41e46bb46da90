import assert from "node:assert/strict";
import { testDatabase } from "../api/testing/database.ts";
import { startApiPool } from "../tools/stack/api_pool.ts";
import { startCaddy } from "../tools/stack/caddy.ts";
import { freePort } from "../tools/stack/postgres.ts";

const DIST = new URL("../dist/", import.meta.url).pathname;

Deno.test("killing one of two API processes under load fails no request, and the pool recovers", async () => {
  await using db = await testDatabase();
  await using pool = await startApiPool({
    ports: [freePort(), freePort()],
    env: {
      DATABASE_URL: db.appUrl,
      APP_ENV: "test",
      BCRYPT_ROUNDS: "4",
      // Replicas share SECRET_KEY, which opens the signing keys they share.
      SECRET_KEY: "replicas-test-secret-0123456789abcdef",
    },
    output: "null",
    log: () => {},
  });
  await using caddy = await startCaddy({
    port: freePort(),
    upstreams: pool.upstreams,
    siteRoot: DIST,
  });

  let running = true;
  const statuses: number[] = [];
  const client = async () => {
    while (running) {
      const res = await fetch(`${caddy.url}/users?limit=5`);
      await res.body?.cancel();
      statuses.push(res.status);
    }
  };
  const load = Promise.all([client(), client(), client()]);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const [victim] = pool.pids();
  Deno.kill(victim, "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 3000));
  running = false;
  await load;

  assert.ok(statuses.length > 100, `only ${statuses.length} requests were made`);
  const failed = statuses.filter((status) => status !== 200);
  assert.deepEqual(failed, [], `${failed.length} of ${statuses.length} requests failed`);

  await pool.healthy(20_000);
  assert.notEqual(pool.pids()[0], victim, "the killed process was replaced");
  for (const upstream of pool.upstreams) {
    const res = await fetch(`http://${upstream}/health/ready`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
});
