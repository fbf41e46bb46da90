/**
 * Rate limits kept in PostgreSQL rather than in memory, so every API replica on one database
 * counts against the same totals and a restart forgets nothing.
 *
 * A sliding-window counter: the current fixed window's count plus the previous window's count
 * weighted by the share of it the sliding window still covers. Plain fixed windows would let a
 * script spend `max` at the end of one window and `max` again at the start of the next.
 */
import { createHash } from "node:crypto";
import { type Limit, rateLimitKeepSeconds, type RateLimits } from "../config.ts";
import type { Sql } from "../db.ts";
import { ApiError } from "../http/errors.ts";
import { clientNetwork } from "./network.ts";

export type LimitName = keyof RateLimits;

/** One event counted by `consume`, which `release` can take back. */
export type Reservation = { name: LimitName; keyHash: Uint8Array; windowStart: Date };

/**
 * Limits keyed on a client IP: the limiter counts them per network itself, so no caller can
 * forget to and hand an IPv6 client a fresh allowance per address.
 */
const PER_NETWORK: ReadonlySet<LimitName> = new Set([
  "loginIp",
  "registerIp",
  "refreshIp",
  "mailIp",
]);

export type RateLimiter = {
  /**
   * Counts one event for (name, key) and, in the same statement, decides whether it may proceed:
   * throws a 429 ApiError if it exceeds the limit. Concurrent calls each see their own count, so
   * an attempt reserved this way before slow work (bcrypt) cannot be overtaken by a parallel one.
   */
  consume(name: LimitName, key: string): Promise<Reservation>;
  /** Takes back an event `consume` counted (e.g. a login that turned out to be the owner's). */
  release(reservation: Reservation): Promise<void>;
  /** Throws that 429 when (name, key) is at its limit (no room for one more); counts nothing. */
  check(name: LimitName, key: string): Promise<void>;
  /** Counts one event without throwing (e.g. a failed login after the password was compared). */
  hit(name: LimitName, key: string): Promise<void>;
  /** Forgets the counts of (name, key) (e.g. a successful login clears its email's failures). */
  reset(name: LimitName, key: string): Promise<void>;
};

export type RateLimiterOptions = {
  /** Milliseconds since the epoch; tests pass a clock they advance. */
  now?: () => number;
  /** Share of calls that also delete expired windows (default 0.01); tests pass 0 or 1. */
  cleanupChance?: number;
};

/** Events counted in the fixed window `at` falls in, and in the one before it. */
export type Counts = { previous: number; current: number };
/** Where `at` falls: `elapsed` ms into the fixed window that began at `current`. */
export type Window = { limit: Limit; at: number; elapsed: number; current: Date; previous: Date };

export function limitWindow(limit: Limit, now: number): Window {
  const windowMs = limit.windowSeconds * 1000;
  const at = Math.floor(now);
  const elapsed = at % windowMs;
  const start = at - elapsed;
  return { limit, at, elapsed, current: new Date(start), previous: new Date(start - windowMs) };
}

/**
 * Adds `hits` events to (name, key)'s row of the window, in one statement: concurrent upserts,
 * from any replica, queue on the row's lock and each gets the count with its own hits back.
 */
export function addHits(
  sql: Sql,
  name: LimitName,
  key: string,
  hits: number,
  window: Window,
): Promise<Counts[]> {
  const hash = keyHash(name, key);
  return sql<Counts[]>`
    with counted as (
      insert into rate_limits as r (name, key_hash, window_start, hits)
      values (${name}, ${hash}, ${window.current}, ${hits})
      on conflict (name, key_hash, window_start) do update set hits = r.hits + ${hits}
      returning hits
    )
    select
      (select hits from counted) as current,
      coalesce((
        select hits from rate_limits
        where name = ${name} and key_hash = ${hash} and window_start = ${window.previous}
      ), 0) as previous`;
}

const SWEEP_BATCH = 500;

/** 429 with the wait in the message and in Retry-After, in whole seconds and at least 1. */
export function tooManyAttempts(retryAfterSeconds: number): ApiError {
  const seconds = Number.isFinite(retryAfterSeconds)
    ? Math.max(1, Math.ceil(retryAfterSeconds))
    : 1;
  return new ApiError(429, `Too many attempts. Try again in ${seconds} seconds.`, {
    headers: { "Retry-After": String(seconds) },
  });
}

export function createRateLimiter(
  sql: Sql,
  limits: RateLimits,
  options: RateLimiterOptions = {},
): RateLimiter {
  const now = options.now ?? Date.now;
  const cleanupChance = options.cleanupChance ?? 0.01;
  const keepMs = 1000 * rateLimitKeepSeconds(limits);

  function windowOf(name: LimitName): Window {
    return limitWindow(limits[name], now());
  }

  // On another pooled connection, so the request waits for the slower of the two, not the sum.
  // At most SWEEP_BATCH rows, so that no request pays for a storm's million expired rows: a call
  // adds one row at most and sweeps SWEEP_BATCH × cleanupChance (5) on average, so the sweeps
  // keep up; the retention job deletes whatever is left. Oldest first, through the index on
  // window_start: a scan that may stop at the first 500 would otherwise read the whole table when
  // few rows are old.
  async function withSweep(at: number, query: Promise<Counts[]>): Promise<Counts> {
    const sweep = Math.random() < cleanupChance
      ? sql`
        delete from rate_limits
        where (name, key_hash, window_start) in (
          select name, key_hash, window_start from rate_limits
          where window_start < ${new Date(at - keepMs)}
          order by window_start
          limit ${SWEEP_BATCH}
        )`
      : undefined;
    const [[counts]] = await Promise.all([query, sweep]);
    return counts;
  }

  // One statement (addHits): each concurrent call gets its own count back, so exactly `max` get
  // through.
  function count(name: LimitName, key: string, window: Window): Promise<Counts> {
    return withSweep(window.at, addHits(sql, name, key, 1, window));
  }

  return {
    async consume(name, key) {
      const window = windowOf(name);
      const counts = await count(name, key, window);
      // Refused when the estimate before this event left no room for it. Refusals stay counted,
      // so a script that keeps hammering stays refused.
      const before = { ...counts, current: counts.current - 1 };
      if (waitMs(window, before) > 0) throw tooManyAttempts(waitMs(window, counts) / 1000);
      return { name, keyHash: keyHash(name, key), windowStart: window.current };
    },

    async release({ name, keyHash, windowStart }) {
      const row = () =>
        sql`name = ${name} and key_hash = ${keyHash} and window_start = ${windowStart}`;
      // Rows hold at least one hit: the last one goes with its row.
      await sql`
        with gone as (delete from rate_limits where ${row()} and hits = 1 returning 1)
        update rate_limits set hits = hits - 1 where ${row()} and hits > 1`;
    },

    async check(name, key) {
      const window = windowOf(name);
      const { current, previous } = window;
      const counts = await withSweep(
        window.at,
        sql<Counts[]>`
          select
            coalesce(sum(hits) filter (where window_start = ${current}), 0)::int as current,
            coalesce(sum(hits) filter (where window_start = ${previous}), 0)::int as previous
          from rate_limits
          where name = ${name} and key_hash = ${keyHash(name, key)}
            and window_start in (${current}, ${previous})`,
      );
      const wait = waitMs(window, counts);
      if (wait > 0) throw tooManyAttempts(wait / 1000);
    },

    async hit(name, key) {
      await count(name, key, windowOf(name));
    },

    async reset(name, key) {
      await sql`delete from rate_limits where name = ${name} and key_hash = ${keyHash(name, key)}`;
    },
  };
}

/**
 * Milliseconds until one more event fits, i.e. previous·(W − e)/W + current + 1 ≤ max, if nothing
 * else is counted meanwhile. In whole numbers (both sides times W), so a retry made exactly when
 * told is never refused by a rounding error.
 */
export function waitMs({ limit, elapsed }: Window, { previous, current }: Counts): number {
  const windowMs = limit.windowSeconds * 1000;
  const room = limit.max - 1 - current;
  if (room >= 0) {
    if (previous * (windowMs - elapsed) <= room * windowMs) return 0;
    return windowMs - Math.floor((room * windowMs) / previous) - elapsed;
  }
  // This window alone is full: wait for the next, where this one's count fades in turn.
  const fadedEnough = windowMs - Math.floor(((limit.max - 1) * windowMs) / current);
  return windowMs - elapsed + fadedEnough;
}

function keyHash(name: LimitName, key: string): Uint8Array {
  const counted = PER_NETWORK.has(name) ? clientNetwork(key) : key;
  return createHash("sha256").update(counted, "utf8").digest();
}
