import assert from "node:assert/strict";
import type { RateLimits } from "../config.ts";
import { createSql } from "../db.ts";
import { ApiError } from "../http/errors.ts";
import { testDatabase } from "../testing/database.ts";
import {
  createRateLimiter,
  type LimitName,
  type RateLimiter,
  tooManyAttempts,
} from "./rate_limit.ts";

const MINUTE = 60_000;
const LIMITS: RateLimits = {
  loginAccountNetwork: { max: 3, windowSeconds: 60 },
  loginAccount: { max: 100, windowSeconds: 3600 },
  loginDevice: { max: 5, windowSeconds: 900 },
  loginIp: { max: 10, windowSeconds: 60 },
  registerIp: { max: 2, windowSeconds: 3600 },
  refreshIp: { max: 60, windowSeconds: 60 },
  reauthUser: { max: 5, windowSeconds: 900 },
  emailChangeUser: { max: 5, windowSeconds: 3600 },
  mailAddress: { max: 5, windowSeconds: 3600 },
  mailIp: { max: 20, windowSeconds: 3600 },
  introspectService: { max: 6000, windowSeconds: 60 },
};
// On a whole hour, so it starts a window of every limit above.
const START = Date.UTC(2030, 0, 1);

function fakeClock() {
  const clock = { time: START, now: () => clock.time, at: (ms: number) => clock.time = START + ms };
  return clock;
}

/** The Retry-After of the 429 that `promise` must reject with, after checking the whole error. */
async function retryAfter(promise: Promise<unknown>): Promise<number> {
  let seconds = NaN;
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 429);
    seconds = Number(error.extra.headers?.["Retry-After"]);
    assert.ok(Number.isInteger(seconds) && seconds >= 1);
    assert.equal(error.message, `Too many attempts. Try again in ${seconds} seconds.`);
    return true;
  });
  return seconds;
}

/** Consumes until refused (the refusal counts too); returns how many went through. */
async function admitted(limiter: RateLimiter, name: LimitName, key: string): Promise<number> {
  for (let passed = 0; passed < 1000; passed++) {
    try {
      await limiter.consume(name, key);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) return passed;
      throw error;
    }
  }
  throw new Error("never refused");
}

Deno.test("tooManyAttempts gives whole seconds, at least 1, in message and Retry-After", () => {
  for (const [given, expected] of [[30, 30], [2.1, 3], [0.2, 1], [0, 1], [-5, 1], [NaN, 1]]) {
    const error = tooManyAttempts(given);
    assert.equal(error.status, 429);
    assert.equal(error.message, `Too many attempts. Try again in ${expected} seconds.`);
    assert.deepEqual(error.extra.headers, { "Retry-After": String(expected) });
  }
});

Deno.test("consume lets max events through, then refuses with an exact Retry-After", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: clock.now });
  for (let i = 0; i < 10; i++) await limiter.consume("loginIp", "203.0.113.9");
  clock.at(45_000);
  // 11 counted now (the refusal too): a retry fits once 11·(1 − f) ≤ 9 in the next window,
  // f ≥ 2/11, 10.91 s into it, 25.91 s from now.
  assert.equal(await retryAfter(limiter.consume("loginIp", "203.0.113.9")), 26);
  clock.at(45_000 + 25_000);
  assert.equal(await retryAfter(limiter.check("loginIp", "203.0.113.9")), 1);
  clock.at(45_000 + 26_000);
  await limiter.check("loginIp", "203.0.113.9");
  await limiter.consume("loginIp", "203.0.113.9");
});

Deno.test("check refuses at the limit but counts nothing; hit counts silently", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: clock.now });
  for (let i = 0; i < 20; i++) await limiter.check("loginAccountNetwork", "ann@example.com");
  await limiter.hit("loginAccountNetwork", "ann@example.com");
  await limiter.hit("loginAccountNetwork", "ann@example.com");
  await limiter.check("loginAccountNetwork", "ann@example.com");
  await limiter.hit("loginAccountNetwork", "ann@example.com");
  await limiter.hit("loginAccountNetwork", "ann@example.com"); // over the limit, and still silent
  await retryAfter(limiter.check("loginAccountNetwork", "ann@example.com"));
  await retryAfter(limiter.check("loginAccountNetwork", "ann@example.com"));
  const [{ hits }] = await db.sql`select hits from rate_limits`;
  assert.equal(hits, 4);
});

Deno.test("reset forgets one key of one limit only", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: clock.now });
  for (const key of ["ann@example.com", "bob@example.com"]) {
    for (let i = 0; i < 3; i++) await limiter.hit("loginAccountNetwork", key);
  }
  clock.at(MINUTE + 1000); // so the previous window holds counts too
  await limiter.hit("loginAccountNetwork", "ann@example.com");
  await limiter.hit("loginIp", "ann@example.com");
  await limiter.reset("loginAccountNetwork", "ann@example.com");
  assert.equal(await admitted(limiter, "loginAccountNetwork", "ann@example.com"), 3);
  await retryAfter(limiter.check("loginAccountNetwork", "bob@example.com"));
  const [{ hits }] = await db.sql`select hits from rate_limits where name = 'loginIp'`;
  assert.equal(hits, 1);
});

Deno.test("keys and limit names are counted independently", async () => {
  await using db = await testDatabase();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: fakeClock().now });
  assert.equal(await admitted(limiter, "loginIp", "198.51.100.1"), 10);
  assert.equal(await admitted(limiter, "loginIp", "198.51.100.2"), 10);
  assert.equal(await admitted(limiter, "registerIp", "198.51.100.1"), 2);
  assert.equal(await admitted(limiter, "loginAccountNetwork", "198.51.100.1"), 3);
  // Long keys are fine: they are stored hashed.
  const long = `${"a".repeat(64)}@${"b".repeat(185)}.com`;
  assert.equal(await admitted(limiter, "loginAccountNetwork", long), 3);
  assert.equal(await admitted(limiter, "loginAccountNetwork", long.toUpperCase()), 3);
});

Deno.test("the sliding window forgets gradually: no second burst at a window boundary", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: clock.now });
  const ip = "192.0.2.44";
  clock.at(59_000);
  for (let i = 0; i < 10; i++) await limiter.consume("loginIp", ip);
  // A fixed window would hand out 10 more a second later; the previous window still weighs fully.
  clock.at(MINUTE);
  assert.equal(await retryAfter(limiter.check("loginIp", ip)), 6);
  clock.at(MINUTE + 30_000); // half of the 10 has faded
  assert.equal(await admitted(limiter, "loginIp", ip), 5);
  clock.at(2 * MINUTE + 30_000); // half of that window's 6 (5 + the refusal) remains
  assert.equal(await admitted(limiter, "loginIp", ip), 7);
  clock.at(4 * MINUTE + 1000); // a whole idle window later, nothing is left
  assert.equal(await admitted(limiter, "loginIp", ip), 10);
});

Deno.test("Retry-After counts down with the clock and is exact to the second", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: clock.now });
  for (let i = 0; i < 10; i++) await limiter.consume("loginIp", "192.0.2.7");
  // Full at 0 s: one more fits once 10·(1 − f) ≤ 9 in the next window, 6 s into it.
  assert.equal(await retryAfter(limiter.check("loginIp", "192.0.2.7")), 66);
  clock.at(20_000);
  assert.equal(await retryAfter(limiter.check("loginIp", "192.0.2.7")), 46);
  clock.at(65_000);
  assert.equal(await retryAfter(limiter.check("loginIp", "192.0.2.7")), 1);
  clock.at(65_999);
  assert.equal(await retryAfter(limiter.check("loginIp", "192.0.2.7")), 1);
  clock.at(66_000);
  await limiter.check("loginIp", "192.0.2.7");
  await limiter.consume("loginIp", "192.0.2.7");
  await retryAfter(limiter.consume("loginIp", "192.0.2.7"));
});

Deno.test("50 concurrent consumes with max 10 let exactly 10 through", async () => {
  await using db = await testDatabase();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: fakeClock().now });
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, () => limiter.consume("loginIp", "192.0.2.50")),
  );
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 10);
  for (const result of results) {
    if (result.status === "rejected") assert.equal(result.reason.status, 429);
  }
});

Deno.test("two limiters on separate pools share their counts, like two API replicas", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const pools = [createSql(db.url, { max: 5 }), createSql(db.url, { max: 5 })];
  try {
    const [a, b] = pools.map((sql) => createRateLimiter(sql, LIMITS, { now: clock.now }));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume("loginIp", "192.0.2.80")),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 10);
    await retryAfter(a.check("loginIp", "192.0.2.80"));
    await b.reset("loginIp", "192.0.2.80");
    await a.consume("loginIp", "192.0.2.80");
  } finally {
    await Promise.all(pools.map((sql) => sql.end()));
  }
});

Deno.test("clean-up deletes windows older than two of the longest limit, nothing newer", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const keeper = createRateLimiter(db.sql, LIMITS, { now: clock.now, cleanupChance: 0 });
  const sweeper = createRateLimiter(db.sql, LIMITS, { now: clock.now, cleanupChance: 1 });
  await keeper.hit("loginIp", "old"); // window 00:00
  clock.at(61 * MINUTE);
  await keeper.hit("registerIp", "recent"); // window 01:00, the longest limit's previous one
  clock.at(121 * MINUTE);
  await keeper.hit("loginIp", "other"); // window 02:01
  assert.equal((await db.sql`select 1 from rate_limits`).length, 3);
  await sweeper.check("loginIp", "anything");
  const left = await db.sql`select window_start from rate_limits order by window_start`;
  assert.deepEqual(left.map((row) => row.window_start.getTime()), [
    START + 60 * MINUTE,
    START + 121 * MINUTE,
  ]);
  // The kept row still counts: 1 of 2 remains from the previous hour.
  await sweeper.consume("registerIp", "recent");
  await retryAfter(sweeper.consume("registerIp", "recent"));
});

Deno.test("a clean-up deletes at most 500 old windows, so no request pays for a storm", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const sweeper = createRateLimiter(db.sql, LIMITS, { now: clock.now, cleanupChance: 1 });
  await db.sql`
    insert into rate_limits (name, key_hash, window_start, hits)
    select 'loginIp', sha256(convert_to('storm ' || n, 'UTF8')), ${new Date(START)}, 1
    from generate_series(1, 1200) as n`;
  clock.at(1000 * MINUTE);
  const count = async () => (await db.sql`select count(*)::int as n from rate_limits`)[0].n;
  await sweeper.check("loginIp", "anything");
  assert.equal(await count(), 700);
  await sweeper.check("loginIp", "anything");
  await sweeper.check("loginIp", "anything");
  assert.equal(await count(), 0);
});

Deno.test("release takes back one consumed event, in the window it was counted in", async () => {
  await using db = await testDatabase();
  const clock = fakeClock();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: clock.now });
  const first = await limiter.consume("loginAccountNetwork", "ann");
  await limiter.consume("loginAccountNetwork", "ann");
  await limiter.release(first);
  assert.deepEqual((await db.sql`select hits from rate_limits`).map((row) => row.hits), [1]);
  await limiter.release(first);
  assert.equal((await db.sql`select 1 from rate_limits`).length, 0);
  await limiter.release(first); // nothing left to take back: no error, no negative count
  assert.equal(await admitted(limiter, "loginAccountNetwork", "ann"), 3);
});

Deno.test("limits on client IPs count an IPv6 /64 as one client; other limits keep their keys", async () => {
  await using db = await testDatabase();
  const limiter = createRateLimiter(db.sql, LIMITS, { now: fakeClock().now });
  await limiter.consume("registerIp", "2001:db8:5:6::1");
  await limiter.consume("registerIp", "2001:db8:5:6:ffff::2");
  await retryAfter(limiter.consume("registerIp", "2001:db8:5:6::3"));
  await limiter.consume("registerIp", "2001:db8:5:7::1");
  assert.equal(await admitted(limiter, "loginAccountNetwork", "2001:db8:5:6::1"), 3);
  assert.equal(await admitted(limiter, "loginAccountNetwork", "2001:db8:5:6::2"), 3);
});
