import assert from "node:assert/strict";
import type { Limit } from "../config.ts";
import { ApiError } from "../http/errors.ts";
import { testDatabase } from "../testing/database.ts";
import { createBatchedLimit } from "./batched_rate_limit.ts";

// On a whole hour, so it starts a window.
const START = Date.UTC(2030, 0, 1);
const LIMIT: Limit = { max: 3, windowSeconds: 60 };

function assertLimited(run: () => unknown) {
  assert.throws(run, (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 429);
    assert.ok(Number(error.extra.headers?.["Retry-After"]) >= 1);
    return true;
  });
}

/** A process's limit, with its background flushes collected so a test can wait for them. */
function processLimit(sql: Parameters<typeof createBatchedLimit>[0], clock: { time: number }) {
  const started: Promise<void>[] = [];
  const limit = createBatchedLimit(sql, "introspectService", LIMIT, {
    background: (work) => void started.push(work()),
    now: () => clock.time,
  });
  return { limit, settled: () => Promise.all(started) };
}

Deno.test("within one process the batched limit is exact, with no query per call", async () => {
  await using db = await testDatabase();
  const clock = { time: START };
  const { limit, settled } = processLimit(db.sql, clock);
  for (let i = 0; i < 3; i++) limit.consume("svc_a");
  assertLimited(() => limit.consume("svc_a"));
  limit.consume("svc_b"); // another key, another count
  await settled();
  // One flush at the first call (the next is due 100 ms later), then the rest on demand.
  const [{ hits }] = await db.sql`select sum(hits)::int as hits from rate_limits`;
  assert.equal(hits, 1);
  await limit.flush();
  const rows = await db.sql`select hits from rate_limits order by hits`;
  assert.deepEqual(rows.map((row) => row.hits), [1, 3]);
  // The next window lets calls through again, weighted by the last one's count.
  clock.time = START + 60_000 + 59_000;
  limit.consume("svc_a");
  await settled();
});

Deno.test("several processes share the count through PostgreSQL, each learning the others' at its next flush", async () => {
  await using db = await testDatabase();
  const clock = { time: START };
  const a = processLimit(db.sql, clock);
  const b = processLimit(db.sql, clock);
  a.limit.consume("svc");
  a.limit.consume("svc");
  await a.settled();
  await a.limit.flush();
  // B decides before its first flush has read A's two: the overshoot the module states.
  b.limit.consume("svc");
  await b.settled();
  assertLimited(() => b.limit.consume("svc"));
  // A learns of B's at its next flush, which its next call starts 100 ms later.
  clock.time += 100;
  a.limit.consume("svc");
  await a.settled();
  assertLimited(() => a.limit.consume("svc"));
  const [{ hits }] = await db.sql`select hits from rate_limits`;
  assert.equal(hits, 4, "max + 1 per process that had not yet heard");
});

Deno.test("events a failed flush could not count are sent with the next", async () => {
  await using db = await testDatabase();
  const clock = { time: START };
  let away = true;
  // Stands for the database being away, then back.
  const flaky =
    ((strings: TemplateStringsArray, ...values: unknown[]) =>
      away
        ? Promise.reject(new Error("database away"))
        : db.sql(strings, ...values as never[])) as unknown as typeof db.sql;
  const { limit, settled } = processLimit(flaky, clock);
  limit.consume("svc");
  await assert.rejects(settled(), /database away/);
  limit.consume("svc");
  limit.consume("svc");
  // Still counted here meanwhile.
  assertLimited(() => limit.consume("svc"));
  away = false;
  await limit.flush();
  const [{ hits }] = await db.sql`select hits from rate_limits`;
  assert.equal(hits, 3);
});
