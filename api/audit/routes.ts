import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { adminFactorPolicy } from "../mfa/policy.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { page } from "../http/pagination.ts";
import { AUTH, BEARER, fails, ok, SERVER } from "../openapi/replies.ts";
import { auditPageBody } from "../openapi/responses.ts";
import { createRoute, router } from "../openapi/router.ts";
import { presentEvent } from "./present.ts";
import { listEvents } from "./queries.ts";
import { auditQuery } from "./schemas.ts";

/** GET /audit (admins): the whole trail newest first, optionally about one user. */
export function auditRoutes(deps: Deps) {
  const list = createRoute({
    method: "get",
    path: "/",
    operationId: "listAuditEvents",
    summary: "The audit trail, newest first, filtered by user, action and time (admins)",
    tags: ["audit"],
    security: BEARER,
    middleware: [requireUser(deps), requireAdmin, adminFactorPolicy(deps)] as const,
    request: { query: auditQuery },
    responses: {
      200: ok(auditPageBody, "A page of events."),
      ...fails(400, ...AUTH, ...SERVER),
    },
  });

  return router().openapi(list, async (c) => {
    const { user_id, user, action, from, to, ...window } = c.req.valid("query");
    const filter = { userId: user_id, username: user, action, from, to };
    const { items, nextCursor } = await page(
      window,
      (rows) => listEvents(deps.sql, { ...filter, ...rows }),
    );
    const events = items.map((event) => presentEvent(event));
    return c.json(success({ data: { events, next_cursor: nextCursor } }), 200);
  });
}
