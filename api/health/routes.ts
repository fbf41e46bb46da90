import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { ApiError } from "../http/errors.ts";
import { fail, fails, ok, PUBLIC } from "../openapi/replies.ts";
import { messageBody } from "../openapi/responses.ts";
import { createRoute, router } from "../openapi/router.ts";
import { appliedMigrations } from "./queries.ts";

const DATABASE_TIMEOUT_MS = 1500;

const live = createRoute({
  method: "get",
  path: "/live",
  operationId: "live",
  summary: "Liveness: the process answers",
  tags: ["health"],
  security: PUBLIC,
  responses: { 200: ok(messageBody, '"alive"'), ...fails(500) },
});

const ready = createRoute({
  method: "get",
  path: "/ready",
  operationId: "ready",
  summary: "Readiness: the database answers and every migration is applied",
  tags: ["health"],
  security: PUBLIC,
  responses: {
    200: ok(messageBody, '"ready"'),
    ...fails(500),
    ...fail(503, "Not ready: the message says why.", ["Retry-After"]),
  },
});

/**
 * GET /health/live: the process answers. GET /health/ready: it can serve, with the database
 * reachable and every migration in db/migrations applied; 503 with the reason otherwise, so a
 * load balancer sends traffic elsewhere.
 */
export function healthRoutes(deps: Deps) {
  const { sql, migrationVersions } = deps;

  return router()
    .openapi(live, (c) => c.json(success({ message: "alive" }), 200))
    .openapi(ready, async (c) => {
      let applied: Set<string>;
      try {
        applied = await timeout(appliedMigrations(sql));
      } catch (error) {
        const missingLedger = (error as { code?: string }).code === "42P01";
        throw notReady(
          missingLedger ? "no migration has been applied" : "the database is unreachable",
        );
      }
      const pending = migrationVersions.filter((version) => !applied.has(version));
      if (pending.length > 0) {
        throw notReady(`migrations not applied: ${pending.join(", ")}`);
      }
      return c.json(success({ message: "ready" }), 200);
    });
}

function notReady(reason: string): ApiError {
  return new ApiError(503, `Not ready: ${reason}.`, { headers: { "Retry-After": "5" } });
}

function timeout<T>(query: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("database timeout")), DATABASE_TIMEOUT_MS);
  });
  return Promise.race([query, expired]).finally(() => clearTimeout(timer));
}
