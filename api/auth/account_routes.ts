/** Self-service under /auth: password, sessions, and the caller's own activity. */
import { type Context, Hono } from "hono";
import { presentEvent } from "../audit/present.ts";
import { listEvents } from "../audit/queries.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { page, pageQuery } from "../http/pagination.ts";
import { validate } from "../http/validate.ts";
import { clientIp } from "../security/client_ip.ts";
import { changePassword, revokeOtherSessions, revokeOwnSession } from "./account_service.ts";
import { type AuthEnv, requireUser } from "./middleware.ts";
import { listSessions } from "./queries.ts";
import { clearRefreshCookie } from "./refresh_cookie.ts";
import { changePasswordBody } from "./schemas.ts";
import type { Caller } from "./service.ts";

export function accountRoutes(deps: Deps) {
  // Per route, not `use("*")`: mounted on /auth, a wildcard would guard /auth/login too.
  const auth = requireUser(deps);
  const caller = (c: Context<AuthEnv>): Caller => ({
    user: c.get("user"),
    sessionId: c.get("sessionId"),
    ip: clientIp(c, deps.config.trustedProxies),
  });

  return new Hono()
    .put("/password", auth, validate("json", changePasswordBody), async (c) => {
      const { current_password, new_password } = c.req.valid("json");
      await changePassword(deps, caller(c), { current: current_password, next: new_password });
      return c.json(success({ message: "Password changed." }), 200);
    })
    .get("/sessions", auth, async (c) => {
      const current = c.get("sessionId");
      const sessions = await listSessions(deps.sql, c.get("user").id);
      const data = { sessions: sessions.map((s) => ({ ...s, current: s.id === current })) };
      return c.json(success({ data }), 200);
    })
    .delete("/sessions", auth, async (c) => {
      const revoked = await revokeOtherSessions(deps, caller(c));
      return c.json(
        success({
          message: `Signed out ${revoked} other session${revoked === 1 ? "" : "s"}.`,
          data: { revoked },
        }),
        200,
      );
    })
    .delete("/sessions/:id", auth, async (c) => {
      const id = c.req.param("id");
      await revokeOwnSession(deps, caller(c), id);
      if (id === c.get("sessionId")) clearRefreshCookie(c);
      return c.json(success({ message: "Session revoked." }), 200);
    })
    .get("/activity", auth, validate("query", pageQuery), async (c) => {
      const viewerId = c.get("user").id;
      const { items, nextCursor } = await page(
        c.req.valid("query"),
        (window) => listEvents(deps.sql, { userId: viewerId, ...window }),
      );
      const events = items.map((event) => presentEvent(event, { viewerId }));
      return c.json(success({ data: { events, next_cursor: nextCursor } }), 200);
    });
}
