/**
 * The one bound on how much bcrypt work logins can ask of an API process. A guessing storm from
 * many networks passes every per-network limit; without a bound its comparisons would queue in
 * the worker pool without end and legitimate logins would wait behind all of them. Here a login
 * waits for a worker in a queue of bounded length (LOGIN_QUEUE_MAX), and one that finds it full is
 * refused at once with 503, which costs nothing. Browsers known to the account (a valid device
 * cookie) have a queue of their own that goes first, and while one is on its way to its
 * comparison (reading the account, counting the attempt) the last free worker waits for it
 * instead of starting a guess, so the storm does not delay the owner's logins by a comparison.
 * That ordering holds inside one isolate only; with `lanes: "separate"` (the password hasher's
 * untrusted work runs on workers of its own at the lowest CPU priority) each kind has `workers`
 * comparisons of its own instead, and the operating system puts known browsers first across
 * every isolate of the process: a guess never takes a known browser's worker or core.
 * /ping and signed-in requests never hash and never wait here.
 */
import { ApiError } from "../http/errors.ts";
import type { Lane, PasswordHasher } from "./passwords.ts";

export type LoginQueue = {
  /**
   * Takes a place in the queue (`known`: a browser known to the account), or throws 503 at once
   * when there is none. The place is held until `leave`, so that work done before the comparison
   * (reserving the attempt) is bounded too.
   */
  admit(known: boolean): QueuePlace;
};

export type QueuePlace = {
  /**
   * Waits for a free worker, then runs `compare`, which hashes in the given lane of the password
   * hasher: "trusted" for a known browser.
   */
  compare<T>(compare: (lane: Lane) => Promise<T>): Promise<T>;
  /** Gives the place back; safe to call more than once. */
  leave(): void;
};

export function loginBusy(): ApiError {
  return new ApiError(503, "Too many logins at once. Try again in a moment.", {
    headers: { "Retry-After": "1" },
  });
}

/**
 * `workers` comparisons run at once (the pool's size), per kind with `lanes: "separate"`; `max`
 * logins may wait per kind.
 */
export function createLoginQueue(
  { workers, max, lanes = "shared" }: {
    workers: number;
    max: number;
    lanes?: PasswordHasher["lanes"];
  },
): LoginQueue {
  const admitted = { known: 0, unknown: 0 };
  const waiting: Record<keyof typeof admitted, (() => void)[]> = { known: [], unknown: [] };
  const running = { known: 0, unknown: 0 };
  // Known browsers admitted that have not started their comparison yet.
  let knownOnTheirWay = 0;

  function next() {
    if (lanes === "separate") {
      for (const kind of ["known", "unknown"] as const) {
        while (running[kind] < workers && waiting[kind].length > 0) {
          running[kind]++;
          waiting[kind].shift()!();
        }
      }
      return;
    }
    while (running.known + running.unknown < workers) {
      let kind: keyof typeof admitted = "known";
      let start = waiting.known.shift();
      if (!start) {
        if (knownOnTheirWay > 0 && running.known + running.unknown >= workers - 1) return;
        kind = "unknown";
        start = waiting.unknown.shift();
      }
      if (!start) return;
      running[kind]++;
      start();
    }
  }

  return {
    admit(known) {
      const kind = known ? "known" : "unknown";
      if (admitted[kind] >= max) throw loginBusy();
      admitted[kind]++;
      if (known) knownOnTheirWay++;
      let started = false;
      let left = false;
      return {
        async compare(compare) {
          await new Promise<void>((resolve) => {
            waiting[kind].push(() => {
              started = true;
              if (known) knownOnTheirWay--;
              resolve();
            });
            next();
          });
          try {
            return await compare(known ? "trusted" : "untrusted");
          } finally {
            running[kind]--;
            next();
          }
        },
        leave() {
          if (left) return;
          left = true;
          admitted[kind]--;
          if (known && !started) {
            knownOnTheirWay--;
            next();
          }
        },
      };
    },
  };
}
