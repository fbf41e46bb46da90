/**
 * bcrypt on a pool of Web Workers. One hash at a real cost is about a quarter of a second of CPU;
 * on the request thread it would stall every other request for that long. What the stored hashes
 * look like, and what bcrypt is given, is `password_schemes.ts`.
 */
import { MAX_PASSWORD_LENGTH } from "../users/schemas.ts";
import { createWorkerPool, type JobBody } from "./password_pool.ts";
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
  hash(password: string, lane?: Lane): Promise<string>;
  /** Either scheme; resolves false, not an error, when the stored hash is malformed. */
  verify(password: string, hash: string, lane?: Lane): Promise<boolean>;
  /** True for a hash in the former scheme or at another cost: the next login replaces it. */
  needsRehash(hash: string): boolean;
  /**
   * Compares against a dummy hash of the same cost, so an unknown account costs as long as a
   * wrong password. Always resolves false; rejects a too-long password exactly as `verify` does,
   * so the two paths cannot be told apart by their answer either.
   */
  verifyDummy(password: string, lane?: Lane): Promise<boolean>;
  /**
   * Makes the dummy hash ahead of the first unknown-email login, and finds out whether untrusted
   * work can have workers of its own at the lowest CPU priority (start-up calls it).
   */
  warmUp(): Promise<void>;
  /**
   * "separate" once warmUp found that untrusted work can run on workers of its own at the lowest
   * CPU priority (`thread_priority.ts`): `size` such workers beside `size` trusted ones, and the
   * operating system gives trusted work the cores first, across every isolate of the process.
   * "shared" otherwise: one pool of `size` workers for both.
   */
  readonly lanes: "separate" | "shared";
  /** Terminates the workers; pending and later calls reject. */
  close(): Promise<void>;
  /** The most workers the pool runs at once. */
  readonly size: number;
};

/**
 * Who may have asked for the work: "trusted" is a login from a browser known to the account,
 * "untrusted" anything a stranger can cause (the default).
 */
export type Lane = "trusted" | "untrusted";

export type { JobRequest, JobResponse } from "./password_pool.ts";

function checkLength(password: string) {
  // Counted before normalising, as the request validator counts: NFKC may lengthen a string.
  if ([...password].length > MAX_PASSWORD_LENGTH) throw new PasswordTooLongError();
}

/**
 * `workers` is usually the core count (`navigator.hardwareConcurrency`): fewer leaves a core idle
 * during a burst of logins, more only adds switching. Jobs beyond it wait in FIFO order. `pepper`
 * (PASSWORD_PEPPER, never SECRET_KEY: rotating that must not lock everyone out) makes new hashes
 * `{bcrypt-hmac-sha256}`; a hash made with it no longer verifies once it is removed or changed.
 * `lowPriority: false` (PASSWORD_LOW_PRIORITY) keeps the lanes shared even where FFI allows more.
 */
export function createPasswordHasher(
  options: { rounds: number; workers: number; pepper?: string; lowPriority?: boolean },
): PasswordHasher {
  const { rounds, workers: size, pepper, lowPriority = true } = options;
  const current: keyof typeof PREFIXES = pepper === undefined
    ? "bcrypt-sha256"
    : "bcrypt-hmac-sha256";
  if (!Number.isInteger(rounds) || rounds < 4 || rounds > 31) {
    throw new RangeError(`bcrypt rounds must be an integer from 4 to 31, got ${rounds}`);
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`workers must be a positive integer, got ${size}`);
  }

  const trusted = createWorkerPool({ size });
  const untrusted = createWorkerPool({ size, lowered: true });
  let lanes: PasswordHasher["lanes"] = "shared";
  let closed = false;
  let dummyHash: Promise<string> | undefined;

  function run<T extends string | boolean>(body: JobBody, lane: Lane): Promise<T> {
    return (lane === "untrusted" && lanes === "separate" ? untrusted : trusted).run<T>(body);
  }

  async function verify(
    password: string,
    hash: string,
    lane: Lane = "untrusted",
  ): Promise<boolean> {
    checkLength(password);
    switch (passwordScheme(hash)) {
      case "bcrypt-hmac-sha256":
        // Without the pepper it was made with, nothing matches; the dummy keeps the time equal.
        if (pepper === undefined) {
          await verify(password, await dummy(), lane);
          return false;
        }
        return await compare(
          prehash(password, pepper),
          hash.slice(PREFIXES["bcrypt-hmac-sha256"].length),
          lane,
        );
      case "bcrypt-sha256":
        return await compare(
          prehash(password),
          hash.slice(PREFIXES["bcrypt-sha256"].length),
          lane,
        );
      case "bcrypt":
        // Such a hash was made when longer passwords were refused; bcrypt would compare only
        // their first 72 bytes and call a longer one a match. The dummy comparison keeps the
        // answer as slow as any other: a quick "no" would tell that this account exists.
        if (passwordBytes(password) > MAX_LEGACY_PASSWORD_BYTES) {
          await verify(password, await dummy(), lane);
          return false;
        }
        return await compare(password, hash, lane);
      default:
        return false;
    }
  }

  function compare(password: string, hash: string, lane: Lane): Promise<boolean> {
    return run<boolean>({ op: "compare", password, hash }, lane);
  }

  async function hash(password: string, lane: Lane = "untrusted"): Promise<string> {
    checkLength(password);
    const body = { op: "hash" as const, password: prehash(password, pepper), rounds };
    const inner = await run<string>(body, lane);
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
    closed = true;
    trusted.close();
    untrusted.close();
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
    async verifyDummy(password, lane) {
      checkLength(password);
      await verify(password, await dummy(), lane);
      return false;
    },
    async warmUp() {
      const [, lowered] = await Promise.all([
        dummy(),
        lowPriority ? untrusted.lowered() : Promise.resolve(false),
      ]);
      if (lowered && !closed) lanes = "separate";
      else untrusted.close();
    },
    get lanes() {
      return lanes;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
