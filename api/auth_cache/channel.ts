/**
 * This process's end of the `auth_cache` channel: one connection of its own that LISTENs, applies
 * each invalidation to the store, proves every heartbeat that it is still hearing the channel,
 * and answers other processes' barriers.
 *
 * The guarantee it gives (README, "Sessions"): once a request that changed a user or a session has
 * answered, no process answers from its memory with what that change replaced. A notification
 * alone cannot promise it: a busy process may not have read it off its socket yet. So:
 *
 * 1. Fencing. Every heartbeat (fence / 4) sends a ping through the channel and records when it
 *    sent it. The process answers from memory only while the newest ping it has heard back was
 *    sent less than `fenceMs` ago. Notifications arrive in commit order, so hearing a ping sent
 *    at `s` means having applied every change committed before `s`. A process that cannot hear
 *    the channel (connection lost, event loop stalled, database gone) stops answering from memory
 *    within `fenceMs`, by its own clock, and reads PostgreSQL as before.
 * 2. Barriers. After a change commits, the request that made it calls barrier(): it sends a
 *    barrier notification and reads which processes pinged within the fence; each of them, on
 *    hearing the barrier (so after the change), acknowledges it. When all have, the request
 *    answers. A process that pinged longer ago than the fence is already fenced.
 * 3. The bound. If some acknowledgement does not come within `fenceMs` of the call (or the
 *    barrier cannot even be sent), the request answers then anyway: by then every process either
 *    has heard a ping sent after the change, and so the change, or has fenced itself.
 *
 * The ping also touches the process's row in `auth_cache_replicas`, which is how a barrier knows
 * whom to wait for; a process that stops deletes its row.
 */
import type { Logger } from "../http/logger.ts";
import { createListenerSql, settledWithin } from "../db.ts";
import type { AuthStore } from "./store.ts";

const CHANNEL = "auth_cache";
// A replica's row is counted as live a little past the fence: the database's clock and ours.
const LIVENESS_MARGIN_MS = 200;
// Rows of processes that died without deleting theirs are removed after this long.
const FORGET_AFTER = "1 hour";
// How long a stopping process tries to delete its row: one left behind stops counting anyway,
// once the fence passes.
const GOODBYE_MS = 500;

export type AuthChannel = {
  /** This process may answer from memory right now. */
  fresh(): boolean;
  /**
   * Resolves when every process has dropped what changes committed before the call replaced, or
   * has fenced itself (at most about `fenceMs`).
   */
  barrier(): Promise<void>;
  close(): Promise<void>;
};

type Waiter = { acked: Set<string>; expected?: Set<string>; done: () => void };

export function startAuthChannel(options: {
  databaseUrl: string;
  store: AuthStore;
  fenceMs: number;
  logger: Logger;
}): AuthChannel {
  const { store, fenceMs, logger } = options;
  const id = crypto.randomUUID();
  const heartbeatMs = Math.max(10, Math.floor(fenceMs / 4));
  let listening = false;
  let connecting: Promise<void> | undefined;
  let heardPingSentAt = -Infinity;
  let pings = 0;
  const pingsSent = new Map<number, number>();
  let barriers = 0;
  const waiters = new Map<number, Waiter>();
  let acks: string[] = [];
  let closed = false;
  let reported = false;

  const sql = createListenerSql(options.databaseUrl, {
    onnotify: (_channel, payload) => heard(payload),
    onclose: () => lost(),
  });

  function heard(payload: string) {
    const kind = payload.charCodeAt(0);
    // u:<id>, s:<uuid>, *: a row changed. Applied at once, before anything after it is read.
    if (kind !== 112 && kind !== 98 && kind !== 97) return store.invalidate(payload);
    const [type, from, n, by] = payload.split(":");
    if (type === "p" && from === id) {
      const sentAt = pingsSent.get(Number(n));
      pingsSent.delete(Number(n));
      if (sentAt !== undefined && sentAt > heardPingSentAt) heardPingSentAt = sentAt;
    } else if (type === "b") {
      // Everything committed before this barrier has been applied: say so.
      if (from === id) acknowledged(Number(n), id);
      else acknowledge(`a:${from}:${n}:${id}`);
    } else if (type === "a" && from === id) {
      acknowledged(Number(n), by);
    }
  }

  function acknowledge(ack: string) {
    acks.push(ack);
    if (acks.length > 1) return;
    // Acknowledgements heard in one burst go out in one statement.
    queueMicrotask(() => {
      const batch = acks;
      acks = [];
      const list = batch.join(",");
      sql`select pg_notify(${CHANNEL}, ack) from regexp_split_to_table(${list}, ',') as ack`.catch(
        () => {
          // The connection is going: fenced, and the barrier's bound covers the missing ack.
        },
      );
    });
  }

  function acknowledged(n: number, by: string) {
    const waiter = waiters.get(n);
    if (!waiter) return;
    waiter.acked.add(by);
    settle(waiter);
  }

  function settle(waiter: Waiter) {
    if (!waiter.expected) return;
    for (const replica of waiter.expected) if (!waiter.acked.has(replica)) return;
    waiter.done();
  }

  function lost() {
    if (listening && !closed) {
      logger.error({ msg: "auth cache: lost the channel; reading the database" });
    }
    listening = false;
    heardPingSentAt = -Infinity;
    pingsSent.clear();
    store.flush();
  }

  function connect(): Promise<void> {
    return connecting ??= (async () => {
      try {
        await sql`listen ${sql(CHANNEL)}`;
        // Whatever was kept may have missed notifications while nobody listened.
        store.flush();
        listening = true;
        if (reported) logger.info({ msg: "auth cache: listening again" });
        reported = false;
      } catch (error) {
        if (!reported) {
          logger.error({
            msg: "auth cache: cannot listen; reading the database",
            error: `${error}`,
          });
        }
        reported = true;
      } finally {
        connecting = undefined;
      }
    })();
  }

  async function heartbeat() {
    if (!listening) await connect();
    if (!listening || closed) return;
    const n = ++pings;
    pingsSent.set(n, performance.now());
    try {
      await sql`
        with touched as (
          insert into auth_cache_replicas (id, seen_at) values (${id}, now())
          on conflict (id) do update set seen_at = now()
          returning id
        )
        select pg_notify(${CHANNEL}, ${`p:${id}:${n}`}) from touched`;
      if (n % 1000 === 1) {
        await sql`delete from auth_cache_replicas where seen_at < now() - ${FORGET_AFTER}::interval`;
      }
    } catch {
      // Unheard, the ping lets the fence close; onclose flushes if the connection went.
      pingsSent.delete(n);
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  function schedule() {
    if (closed) return;
    timer = setTimeout(async () => {
      await heartbeat();
      schedule();
    }, heartbeatMs);
    Deno.unrefTimer(timer as unknown as number);
  }
  heartbeat().finally(schedule);

  return {
    fresh() {
      return listening && performance.now() - heardPingSentAt < fenceMs;
    },
    async barrier() {
      const n = ++barriers;
      let done!: () => void;
      const settled = new Promise<void>((resolve) => done = resolve);
      const waiter: Waiter = { acked: new Set(), done };
      waiters.set(n, waiter);
      // The bound counts from now, after the change committed: a process still answering from
      // memory fenceMs later has heard a ping sent after the change, so the change too. The
      // query is not awaited first, so a hung connection cannot stretch the wait.
      const bounded = settledWithin(settled, fenceMs);
      sql<{ live: string | null }[]>`
        select pg_notify(${CHANNEL}, ${`b:${id}:${n}`}), (
          select string_agg(id::text, ',') from auth_cache_replicas
          where seen_at > now() - ${fenceMs + LIVENESS_MARGIN_MS} * interval '1 millisecond'
        ) as live`.then(([row]) => {
        waiter.expected = new Set(row.live?.split(",") ?? []);
        settle(waiter);
      }, () => {
        // No barrier went out: only the fence can be relied on.
      });
      try {
        await bounded;
      } finally {
        waiters.delete(n);
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const goodbye = (async () => {
        await connecting;
        await sql`delete from auth_cache_replicas where id = ${id}`;
      })();
      const said = await settledWithin(goodbye, GOODBYE_MS);
      // A database that cannot be reached gets no more time: what still waits on it is dropped.
      await sql.end({ timeout: said ? 1 : 0 });
    },
  };
}
