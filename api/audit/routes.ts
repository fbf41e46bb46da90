import { Hono } from "hono";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { page } from "../http/pagination.ts";
import { validate } from "../http/validate.ts";
import { presentEvent } from "./present.ts";
import { listEvents } from "./queries.ts";
import { auditQuery } from "./schemas.ts";

/** GET /audit (admins): the whole trail newest first, optionally about one user. */
export function auditRoutes(deps: Deps) {
  return new Hono()
    .get("/", requireUser(deps), requireAdmin, validate("query", auditQuery), async (c) => {
      const { user_id, ...window } = c.req.valid("query");
      const { items, nextCursor } = await page(
        window,
        (rows) => listEvents(deps.sql, { userId: user_id, ...rows }),
      );
      const events = items.map((event) => presentEvent(event));
      return c.json(success({ data: { events, next_cursor: nextCursor } }), 200);
    });
}
