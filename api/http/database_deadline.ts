import { createMiddleware } from "hono/factory";
import { ApiError } from "./errors.ts";

/**
 * While PostgreSQL is going down or coming back, a query can wait on a connection that is being
 * torn down and then on a new one that times out: seconds, not the promised two. Once any request
 * has seen the database unavailable, requests still running after the deadline answer 503 at once
 * (whatever they were doing is left to finish or fail on its own).
 */
export function databaseDeadline(options: { deadlineMs: number; memoryMs: number }) {
  let lastUnavailable = -Infinity;
  const recentlyUnavailable = () => performance.now() - lastUnavailable < options.memoryMs;

  const middleware = createMiddleware(async (_c, next) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"late">((resolve) => {
      const check = () => {
        if (recentlyUnavailable()) resolve("late");
        else timer = setTimeout(check, 100);
      };
      timer = setTimeout(check, options.deadlineMs);
    });
    try {
      const winner = await Promise.race([next().then(() => "done" as const), deadline]);
      if (winner === "late") throw unavailable();
    } finally {
      clearTimeout(timer);
    }
  });

  return {
    middleware,
    /** Called by the error handler whenever a request fails for want of the database. */
    markUnavailable() {
      lastUnavailable = performance.now();
    },
  };
}

export function unavailable(): ApiError {
  return new ApiError(503, "Service unavailable.", { headers: { "Retry-After": "5" } });
}
