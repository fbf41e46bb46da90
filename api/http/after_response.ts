/**
 * Work a request starts but does not wait for. The anonymous mail requests (a forgotten
 * password, a new verification link) answer 202 before they look the address up, so how long
 * they take cannot tell whether it has an account (OWASP's forgot-password cheat sheet). Only
 * the limits, which count every address alike, run before the answer.
 *
 * The process waits for this work when it shuts down. A crash in between loses it, and the
 * person asks again: what the 202 promised was only an attempt.
 */
import type { Logger } from "./logger.ts";

export type AfterResponse = {
  /** Starts `work` now; a failure is logged under `name`, never thrown to the request. */
  run(name: string, work: () => Promise<void>): void;
  /** Resolves when everything started so far has finished (shutdown, and tests). */
  settled(): Promise<void>;
};

export function createAfterResponse(logger: Logger): AfterResponse {
  const running = new Set<Promise<void>>();
  return {
    run(name, work) {
      const task = (async () => {
        try {
          await work();
        } catch (error) {
          const { name: errorName, message } = error instanceof Error
            ? error
            : { name: "Error", message: String(error) };
          logger.error({ task: name, error: errorName, message });
        }
      })();
      running.add(task);
      task.finally(() => running.delete(task));
    },
    async settled() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
