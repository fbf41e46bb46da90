/**
 * A rate limit decided in process memory and counted in PostgreSQL in batches, for a hot path
 * (token introspection: thousands of calls a second from one service) where `rate_limit.ts`'s
 * round trip per call, all on one row and so one row lock, would cost more than the work.
 *
 * Each process counts the events it lets through and, at most every `flushMs`, adds them to the
 * same rows `rate_limit.ts` keeps, reading back the totals of every process. A call is refused
 * when the totals as last read plus this process's events since would exceed the limit. Within
 * one process the limit is exact. With several processes (isolates of `deno serve --parallel`,
 * replicas) each learns of the others' events at its next flush, so together they may let
 * through up to what the others admitted within one flush interval beyond `max`; refused calls
 * are not counted (a caller that keeps hammering is refused all the same, at no cost). If the
 * database cannot be reached the events wait for the next flush, and the limit stays local.
 */
import type { Limit } from "../config.ts";
import type { Sql } from "../db.ts";
import { addHits, type LimitName, limitWindow, tooManyAttempts, waitMs } from "./rate_limit.ts";

export type BatchedLimit = {
  /** Throws the 429 when (key) is at its limit; otherwise counts one event and returns. */
  consume(key: string): void;
  /** Adds the events not yet counted to PostgreSQL and reads the totals back. */
  flush(): Promise<void>;
};

/**
 * What one process knows of one key's fixed window: the totals as last read, and its own events
 * since, not yet sent (`pending`) or on their way (`sending`).
 */
type Entry = {
  key: string;
  start: number;
  current: number;
  previous: number;
  pending: number;
  sending: number;
};

export function createBatchedLimit(
  sql: Sql,
  name: LimitName,
  limit: Limit,
  options: {
    /** Starts the flush without making the request wait for it (afterResponse.run). */
    background(work: () => Promise<void>): void;
    flushMs?: number;
    now?: () => number;
  },
): BatchedLimit {
  const flushMs = options.flushMs ?? 100;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let lastFlush = 0;
  let flushing: Promise<void> | undefined;

  const id = (key: string, start: number) => `${start}:${key}`;

  async function flush() {
    const at = now();
    lastFlush = at;
    const due = [...entries.values()].filter((entry) => entry.pending > 0);
    // Forget windows that can no longer count: older than the one before the current.
    const oldest = at - 2 * limit.windowSeconds * 1000;
    for (const [key, entry] of entries) {
      if (entry.start < oldest && entry.pending + entry.sending === 0) entries.delete(key);
    }
    await Promise.all(due.map(async (entry) => {
      const hits = entry.pending;
      entry.pending = 0;
      entry.sending += hits;
      try {
        const window = limitWindow(limit, entry.start);
        const [counts] = await addHits(sql, name, entry.key, hits, window);
        // The totals include these hits and whatever others added meanwhile.
        entry.current = Math.max(entry.current + hits, counts.current);
        entry.previous = Math.max(entry.previous, counts.previous);
      } catch (error) {
        entry.pending += hits;
        throw error;
      } finally {
        entry.sending -= hits;
      }
    }));
  }

  return {
    consume(key) {
      const window = limitWindow(limit, now());
      const start = window.current.getTime();
      let entry = entries.get(id(key, start));
      if (!entry) {
        const before = entries.get(id(key, window.previous.getTime()));
        const previous = before ? before.current + before.sending + before.pending : 0;
        entry = { key, start, current: 0, previous, pending: 0, sending: 0 };
        entries.set(id(key, start), entry);
      }
      const counts = {
        previous: entry.previous,
        current: entry.current + entry.sending + entry.pending,
      };
      const wait = waitMs(window, counts);
      if (wait > 0) throw tooManyAttempts(wait / 1000);
      entry.pending++;
      if (!flushing && window.at - lastFlush >= flushMs) {
        flushing = flush().finally(() => flushing = undefined);
        const started = flushing;
        options.background(() => started);
      }
    },
    async flush() {
      await flushing;
      await flush();
    },
  };
}
