import { Hono } from "hono";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { invalidPayload } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { decodeCursor, encodeCursor } from "../users/cursor.ts";
import { auditQuery } from "../users/schemas.ts";
import { presentEvent } from "./present.ts";
import { listEvents } from "./queries.ts";

/** GET /audit (admins): the whole trail newest first, optionally about one user. */
export function auditRoutes(deps: Deps) {
  return new Hono()
    .get("/", requireUser(deps), requireAdmin, validate("query", auditQuery), async (c) => {
      const { limit, cursor, user_id } = c.req.valid("query");
      const beforeId = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && beforeId === undefined) {
        throw invalidPayload([{ field: "cursor", message: "Cursor is malformed or expired." }]);
      }
      const rows = await listEvents(deps.sql, { userId: user_id, limit: limit + 1, beforeId });
      const page = rows.slice(0, limit);
      return c.json({
        status: "success" as const,
        data: {
          events: page.map((event) => presentEvent(event)),
          next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      }, 200);
    });
}
