import postgres from "postgres";

export type Sql = postgres.Sql;
/** What a query function needs: the pool, or a transaction inside `sql.begin`. */
export type Queryable = Sql | postgres.TransactionSql;

type Options = {
  /** Pool size; postgres.js opens connections lazily up to this many. */
  max?: number;
};

/** One pool per process. bigint columns come back as JS numbers: our ids stay below 2^53. */
export function createSql(url: string, options: Options = {}): Sql {
  guardSocketErrors();
  return postgres(url, {
    max: options.max ?? 10,
    // A request that needs a database that is down should fail fast (503), not hang.
    connect_timeout: 1.5,
    onnotice: () => {},
    connection: { application_name: "users-service" },
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number | bigint) => String(value),
        parse: (value: string) => Number(value),
      },
    },
  });
}

/**
 * Waits for `work` to settle (either way), but at most `ms`: true when it did. For waits with a
 * bound (a barrier's acknowledgements, requests draining) and for what a stopping process owes the
 * database (a goodbye, a last read): while PostgreSQL cannot be reached, every attempt waits out
 * the connect timeout and then postgres.js's reconnect backoff (up to 20 s), and a process told to
 * stop must not wait for that.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([work.then(() => true, () => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One connection of its own for LISTEN (api/auth_cache/): never idle-closed, and it says when it
 * is lost. postgres.js's own `listen` re-subscribes once after a drop and gives up silently if
 * that fails; the cache needs to know, to stop answering from memory.
 */
export function createListenerSql(
  url: string,
  handlers: { onnotify(channel: string, payload: string): void; onclose(): void },
): Sql {
  guardSocketErrors();
  return postgres(url, {
    max: 1,
    idle_timeout: null as unknown as undefined,
    max_lifetime: null,
    connect_timeout: 1.5,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: "users-service-auth-cache" },
    ...handlers,
  } as postgres.Options<Record<string, never>>);
}

/**
 * The same server and database as another role: the API's own role (`deno task start`, the
 * tests) on the server the owner migrated. Without a password, the server must trust the role.
 */
export function withRole(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = password === undefined ? "" : encodeURIComponent(password);
  return parsed.toString();
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// Node-style socket errors and postgres.js's own connection errors.
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/**
 * Whether an error means "the database is not there right now" rather than "this query is
 * wrong": connection failures, SQLSTATE class 08, and the server shutting down or starting up.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return UNREACHABLE.has(code) || code.startsWith("08") ||
    ["57P01", "57P02", "57P03", "53300"].includes(code);
}

/**
 * postgres.js 3.4.9 can flush a write on a timer after the connection dropped its socket while
 * PostgreSQL goes away (porsager/postgres#1154, #1208, unfixed upstream): a TypeError thrown from
 * the timer, which would end the whole process. Only that error is kept from doing so; the query
 * it was writing is failed by the connection's close or answered 503 by the database deadline.
 */
export function isDroppedSocketWrite(error: unknown): boolean {
  return error instanceof TypeError &&
    error.message === "Cannot read properties of null (reading 'write')" &&
    /postgres[/@][^\n]*connection\.js/.test(error.stack ?? "");
}

/**
 * A socket whose owner has let it go (postgres.js removes its listeners when a connection closes)
 * can still be handed a connection reset by Deno's node:net, which then finds no one to tell and
 * ends the whole process: "read ECONNRESET" from TCPWrap.onStreamRead, seen once in a test that
 * stops PostgreSQL under load. Only a reset that reached no listener, thrown with no frame but
 * Deno's own node:net, is kept from doing so: it concerns a connection nobody uses any more.
 */
export function isOrphanedSocketReset(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (code !== "ECONNRESET" || syscall !== "read") return false;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return frames.length > 0 && frames.every((line) => line.includes("ext:deno_node/"));
}

let guarded = false;
/** Keeps the two library errors above from ending the process, saying so in the log. */
function guardSocketErrors() {
  if (guarded) return;
  guarded = true;
  const orphanedReset = (event: Event) => {
    event.preventDefault();
    console.error("a connection reset reached a socket nobody listens to: ignored");
  };
  globalThis.addEventListener("error", (event) => {
    if (isDroppedSocketWrite(event.error)) {
      event.preventDefault();
      console.error(
        "postgres.js wrote to a connection it had closed (porsager/postgres#1154): ignored",
      );
    } else if (isOrphanedSocketReset(event.error)) {
      orphanedReset(event);
    }
  });
  // Thrown inside node:net's read loop, the same reset arrives as a rejection instead.
  globalThis.addEventListener("unhandledrejection", (event) => {
    if (isOrphanedSocketReset(event.reason)) orphanedReset(event);
  });
}
