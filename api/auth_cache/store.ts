/**
 * What authenticated requests read about their caller, kept in this process's memory: users by
 * id and sessions by id, exactly as PostgreSQL had them when they were read. Entries leave when
 * the `auth_cache` channel names them (see listener.ts), all at once when the channel is lost.
 *
 * The race this guards against: a request reads a row, an invalidation for that row arrives
 * while the read is in flight, and the read then stores the old row after the invalidation has
 * been processed, where it would stay. So every read registers itself under the keys it reads;
 * an invalidation of a key marks the reads in flight under it as stale, a flush marks every read
 * as stale (a new epoch), and a stale read answers its own request but is never stored.
 */
import type { User } from "../users/queries.ts";

export type SessionState = {
  userId: number;
  revoked: boolean;
  /** Epoch milliseconds. */
  expiresAt: number;
  accessGeneration: number;
  keptAccessGeneration: number | null;
};

export type AuthState = { user: User; session: SessionState | undefined };

type Read = { stale: boolean; epoch: number };

// About 1 kB an entry: a few tens of MB at most, and a bound on what a flood of tokens can fill.
const MAX_ENTRIES = 50_000;

export type AuthStore = ReturnType<typeof createAuthStore>;

export function createAuthStore() {
  const users = new Map<number, User>();
  const sessions = new Map<string, SessionState>();
  const reading = new Map<string, Set<Read>>();
  let epoch = 0;

  function track(key: string, read: Read) {
    let set = reading.get(key);
    if (!set) reading.set(key, set = new Set());
    set.add(read);
  }

  function untrack(key: string, read: Read) {
    const set = reading.get(key);
    if (!set) return;
    set.delete(read);
    if (set.size === 0) reading.delete(key);
  }

  function mark(key: string) {
    const set = reading.get(key);
    if (set) { for (const read of set) read.stale = true; }
  }

  function bounded<K, V>(map: Map<K, V>, key: K, value: V) {
    // Oldest first: good enough for a working set that fits, and it cannot grow past the bound.
    if (map.size >= MAX_ENTRIES && !map.has(key)) map.delete(map.keys().next().value!);
    map.set(key, value);
  }

  return {
    /** The cached state for this caller, or undefined when either row is missing. */
    get(userId: number, sessionId: string): AuthState | undefined {
      const user = users.get(userId);
      if (user === undefined) return undefined;
      const session = sessions.get(sessionId);
      if (session === undefined) return undefined;
      return { user, session };
    },
    /**
     * Reads through `load` and stores what it returned, unless an invalidation of either key or a
     * flush happened meanwhile. Rows that do not exist are never stored (inserts send nothing).
     */
    async read(
      userId: number,
      sessionId: string,
      load: () => Promise<AuthState | undefined>,
    ): Promise<AuthState | undefined> {
      const read: Read = { stale: false, epoch };
      const userKey = `u:${userId}`;
      const sessionKey = `s:${sessionId}`;
      track(userKey, read);
      track(sessionKey, read);
      try {
        const state = await load();
        if (state && !read.stale && read.epoch === epoch) {
          bounded(users, userId, state.user);
          if (state.session) bounded(sessions, sessionId, state.session);
        }
        return state;
      } finally {
        untrack(userKey, read);
        untrack(sessionKey, read);
      }
    },
    /** A notification's payload: `u:<id>`, `s:<uuid>` or `*`. */
    invalidate(key: string) {
      if (key === "*") return this.flush();
      if (key.startsWith("u:")) users.delete(Number(key.slice(2)));
      else if (key.startsWith("s:")) sessions.delete(key.slice(2));
      else return;
      mark(key);
    },
    /** Forgets everything, and every read in flight is no longer stored. */
    flush() {
      epoch++;
      users.clear();
      sessions.clear();
    },
    size(): number {
      return users.size + sessions.size;
    },
  };
}
