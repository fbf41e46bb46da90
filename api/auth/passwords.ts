/**
 * bcrypt on a pool of Web Workers. One hash at a real cost is about a quarter of a second of CPU;
 * on the request thread it would stall every other request for that long. What the stored hashes
 * look like, and what bcrypt is given, is `password_schemes.ts`.
 */
import { MAX_PASSWORD_LENGTH } from "../users/schemas.ts";
import {
  MAX_LEGACY_PASSWORD_BYTES,
  passwordBytes,
  passwordScheme,
  PREFIXES,
  prehash,
} from "./password_schemes.ts";

export { MAX_PASSWORD_LENGTH, passwordBytes, passwordScheme, prehash };

export class PasswordTooLongError extends Error {
  constructor() {
    super(`password is longer than ${MAX_PASSWORD_LENGTH} characters`);
    this.name = "PasswordTooLongError";
  }
}

export type PasswordHasher = AsyncDisposable & {
  /** A hash in the current scheme at the pool's cost. */
  hash(password: string): Promise<string>;
  /** Either scheme; resolves false, not an error, when the stored hash is malformed. */
  verify(password: string, hash: string): Promise<boolean>;
  /** True for a hash in the former scheme or at another cost: the next login replaces it. */
  needsRehash(hash: string): boolean;
  /**
   * Compares against a dummy hash of the same cost, so an unknown account costs as long as a
   * wrong password. Always resolves false; rejects a too-long password exactly as `verify` does,
   * so the two paths cannot be told apart by their answer either.
   */
  verifyDummy(password: string): Promise<boolean>;
  /** Makes the dummy hash ahead of the first unknown-email login (start-up calls it). */
  warmUp(): Promise<void>;
  /** Terminates the workers; pending and later calls reject. */
  close(): Promise<void>;
  /** The most workers the pool runs at once. */
  readonly size: number;
};

type JobBody =
  | { op: "hash"; password: string; rounds: number }
  | { op: "compare"; password: string; hash: string };
/** The messages exchanged with `password_worker.ts`; the id ties an answer to its job. */
export type JobRequest = JobBody & { id: number };
export type JobResponse =
  | { id: number; ok: true; value: string | boolean }
  | { id: number; ok: false; error: string };

type Job = {
  request: JobRequest;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
};

function checkLength(password: string) {
  // Counted before normalising, as the request validator counts: NFKC may lengthen a string.
  if ([...password].length > MAX_PASSWORD_LENGTH) throw new PasswordTooLongError();
}

/**
 * `workers` is usually the core count (`navigator.hardwareConcurrency`): fewer leaves a core idle
 * during a burst of logins, more only adds switching. Jobs beyond it wait in FIFO order. `pepper`
 * (PASSWORD_PEPPER, never SECRET_KEY: rotating that must not lock everyone out) makes new hashes
 * `{bcrypt-hmac-sha256}`; a hash made with it no longer verifies once it is removed or changed.
 */
export function createPasswordHasher(
  options: { rounds: number; workers: number; pepper?: string },
): PasswordHasher {
  const { rounds, workers: size, pepper } = options;
  const current: keyof typeof PREFIXES = pepper === undefined
    ? "bcrypt-sha256"
    : "bcrypt-hmac-sha256";
  if (!Number.isInteger(rounds) || rounds < 4 || rounds > 31) {
    throw new RangeError(`bcrypt rounds must be an integer from 4 to 31, got ${rounds}`);
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`workers must be a positive integer, got ${size}`);
  }

  // Workers start lazily, one per job waiting while all others are busy: an app built for a test
  // or a one-off command never pays for them, and start-up (~tens of ms) is small next to a hash.
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let dummyHash: Promise<string> | undefined;

  function spawn(): Worker {
    const worker = new Worker(new URL("./password_worker.ts", import.meta.url), {
      type: "module",
    });
    worker.onmessage = (event: MessageEvent<JobResponse>) => settle(worker, event.data);
    worker.onerror = (event) => {
      // Unprevented, a worker's uncaught error is rethrown on the main thread and ends the process.
      event.preventDefault();
      crash(worker, event.message);
    };
    worker.onmessageerror = () => crash(worker, "unreadable message");
    return worker;
  }

  function dispatch() {
    while (queue.length > 0) {
      let worker = idle.pop();
      if (!worker && busy.size < size) {
        try {
          worker = spawn();
        } catch (error) {
          // Say, no permission to load the worker: fail the job rather than leave it waiting.
          queue.shift()!.reject(error instanceof Error ? error : new Error(`${error}`));
          continue;
        }
      }
      if (!worker) return;
      const job = queue.shift()!;
      busy.set(worker, job);
      worker.postMessage(job.request);
    }
  }

  function settle(worker: Worker, response: JobResponse) {
    const job = busy.get(worker);
    if (job?.request.id !== response.id) return crash(worker, "answer to a job it was not given");
    busy.delete(worker);
    idle.push(worker);
    if (response.ok) job.resolve(response.value);
    else job.reject(new Error(`password worker: ${response.error}`));
    dispatch();
  }

  // The worker's state is unknown after an uncaught error, so it is dropped, not reused; the
  // replacement starts when work is waiting (now, if the queue is not empty).
  function crash(worker: Worker, message: string) {
    worker.terminate();
    const job = busy.get(worker);
    busy.delete(worker);
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
    job?.reject(new Error(`password worker crashed: ${message}`));
    dispatch();
  }

  function run<T extends string | boolean>(body: JobBody): Promise<T> {
    if (closed) return Promise.reject(new Error("password hasher is closed"));
    return new Promise<T>((resolve, reject) => {
      const job = {
        request: { ...body, id: nextId++ },
        resolve: resolve as Job["resolve"],
        reject,
      };
      queue.push(job);
      dispatch();
    });
  }

  async function verify(password: string, hash: string): Promise<boolean> {
    checkLength(password);
    switch (passwordScheme(hash)) {
      case "bcrypt-hmac-sha256":
        // Without the pepper it was made with, nothing matches; the dummy keeps the time equal.
        if (pepper === undefined) {
          await verify(password, await dummy());
          return false;
        }
        return await compare(
          prehash(password, pepper),
          hash.slice(PREFIXES["bcrypt-hmac-sha256"].length),
        );
      case "bcrypt-sha256":
        return await compare(prehash(password), hash.slice(PREFIXES["bcrypt-sha256"].length));
      case "bcrypt":
        // Such a hash was made when longer passwords were refused; bcrypt would compare only
        // their first 72 bytes and call a longer one a match. The dummy comparison keeps the
        // answer as slow as any other: a quick "no" would tell that this account exists.
        if (passwordBytes(password) > MAX_LEGACY_PASSWORD_BYTES) {
          await verify(password, await dummy());
          return false;
        }
        return await compare(password, hash);
      default:
        return false;
    }
  }

  function compare(password: string, hash: string): Promise<boolean> {
    return run<boolean>({ op: "compare", password, hash });
  }

  async function hash(password: string): Promise<string> {
    checkLength(password);
    const inner = await run<string>({ op: "hash", password: prehash(password, pepper), rounds });
    return PREFIXES[current] + inner;
  }

  // terminate() is synchronous, so there is nothing to wait for; a promise keeps room for that.
  function dummy(): Promise<string> {
    // Forgotten on failure so that a crashed worker does not poison every later call.
    // The current scheme, as an account's hash is after its first login: the same work either way.
    dummyHash ??= hash(crypto.randomUUID()).catch(
      (error) => {
        dummyHash = undefined;
        throw error;
      },
    );
    return dummyHash;
  }

  function close(): Promise<void> {
    if (closed) return Promise.resolve();
    closed = true;
    for (const worker of [...idle, ...busy.keys()]) worker.terminate();
    const orphans = [...busy.values(), ...queue];
    idle.length = 0;
    busy.clear();
    queue.length = 0;
    for (const job of orphans) job.reject(new Error("password hasher is closed"));
    return Promise.resolve();
  }

  return {
    size,
    hash,
    verify,
    needsRehash(stored) {
      return passwordScheme(stored) !== current ||
        Number(stored.slice(PREFIXES[current].length).split("$")[2]) !== rounds;
    },
    async verifyDummy(password) {
      checkLength(password);
      await verify(password, await dummy());
      return false;
    },
    async warmUp() {
      await dummy();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
