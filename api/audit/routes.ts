import { Hono } from "hono";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { cursorPosition, pageOf } from "../users/cursor.ts";
import { auditQuery } from "../users/schemas.ts";
import { presentEvent } from "./present.ts";
import { listEvents } from "./queries.ts";

/** GET /audit (admins): the whole trail newest first, optionally about one user. */
export function auditRoutes(deps: Deps) {
  return new Hono()
    .get("/", requireUser(deps), requireAdmin, validate("query", auditQuery), async (c) => {
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
