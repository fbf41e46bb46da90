import { createMiddleware } from "hono/factory";
import type { Logger } from "./logger.ts";

export type RequestLogEnv = { Variables: { requestId: string; userId?: number } };

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * One line per request: time, request id (Caddy's X-Request-Id, or one of ours, echoed in the
 * response), method, route pattern (not the raw path, which may carry ids), status, duration and
 * the user when known. Never headers or bodies.
 */
export function requestLog(logger: Logger) {
  return createMiddleware<RequestLogEnv>(async (c, next) => {
    const started = performance.now();
    const given = c.req.header("X-Request-Id");
    const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    try {
      await next();
    } finally {
      c.header("X-Request-Id", requestId);
      // Load balancers probe every few seconds; only a failing probe is news.
      const healthyProbe = c.req.path.startsWith("/health/") && c.res.status < 400;
      if (!healthyProbe) {
        logger.info({
          request_id: requestId,
          method: c.req.method,
          route: c.req.routePath,
          status: c.res.status,
          duration_ms: Math.round((performance.now() - started) * 10) / 10,
          user_id: c.get("userId") ?? null,
        });
      }
    }
  });
}
