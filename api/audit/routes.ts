import { requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { AUTH, BEARER, fails, ok, SERVER } from "../openapi/replies.ts";
import { auditPageBody } from "../openapi/responses.ts";
import { createRoute, router } from "../openapi/router.ts";
import { cursorPosition, pageOf } from "../users/cursor.ts";
import { auditQuery } from "../users/schemas.ts";
import { presentEvent } from "./present.ts";
import { listEvents } from "./queries.ts";

/** GET /audit (admins): the whole trail newest first, optionally about one user. */
export function auditRoutes(deps: Deps) {
  const list = createRoute({
    method: "get",
    path: "/",
    operationId: "listAuditEvents",
    summary: "The audit trail, newest first, optionally about one user (admins)",
    tags: ["audit"],
    security: BEARER,
    middleware: [requireUser(deps), requireAdmin] as const,
    request: { query: auditQuery },
    responses: {
      200: ok(auditPageBody, "A page of events."),
      ...fails(400, ...AUTH, ...SERVER),
    },
  });

  return router().openapi(list, async (c) => {
    const { limit, cursor, user_id } = c.req.valid("query");
    const beforeId = cursorPosition(cursor);
    const rows = await listEvents(deps.sql, { userId: user_id, limit: limit + 1, beforeId });
    const { items, nextCursor } = pageOf(rows, limit);
    return c.json({
      status: "success" as const,
      data: {
        events: items.map((event) => presentEvent(event)),
        next_cursor: nextCursor,
      },
    }, 200);
  });
}
