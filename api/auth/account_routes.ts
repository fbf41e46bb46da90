/** Self-service under /auth: password, sessions, and the caller's own activity. */
import { Hono } from "hono";
import { presentEvent } from "../audit/present.ts";
import { listEvents, recordEvent } from "../audit/queries.ts";
import type { Deps } from "../deps.ts";
import { notFound } from "../http/errors.ts";
import { isUuid } from "../http/ids.ts";
import { validate } from "../http/validate.ts";
import { clientIp } from "../security/client_ip.ts";
import { cursorPosition, pageOf } from "../users/cursor.ts";
import { changePasswordBody, pageQuery } from "../users/schemas.ts";
import { requireUser } from "./middleware.ts";
import { changePassword } from "./password_change.ts";
import { clearRefreshCookie } from "./refresh_cookie.ts";
import { listSessions, revokeOwnSession, revokeUserSessions } from "./sessions.ts";

export function accountRoutes(deps: Deps) {
  const { sql, config } = deps;
  // Per route, not `use("*")`: mounted on /auth, a wildcard would guard /auth/login too.
  const auth = requireUser(deps);

  return new Hono()
    .put("/password", auth, validate("json", changePasswordBody), async (c) => {
      const { current_password, new_password } = c.req.valid("json");
      await changePassword(deps, {
        user: c.get("user"),
        sessionId: c.get("sessionId"),
        current: current_password,
        next: new_password,
        ip: clientIp(c, config.trustedProxies),
      });
      return c.json({ status: "success" as const, message: "Password changed." }, 200);
    })
    .get("/sessions", auth, async (c) => {
      const current = c.get("sessionId");
      const sessions = await listSessions(sql, c.get("user").id);
      return c.json({
        status: "success" as const,
        data: { sessions: sessions.map((s) => ({ ...s, current: s.id === current })) },
      }, 200);
    })
    .delete("/sessions", auth, async (c) => {
      const user = c.get("user");
      const revoked = await sql.begin(async (tx) => {
        const count = await revokeUserSessions(tx, user.id, { except: c.get("sessionId") });
        await recordEvent(tx, {
          action: "auth.session_revoked",
          actorId: user.id,
          targetId: user.id,
          detail: { others: count },
          ip: clientIp(c, config.trustedProxies),
        });
        return count;
      });
      return c.json({
        status: "success" as const,
        message: `Signed out ${revoked} other session${revoked === 1 ? "" : "s"}.`,
        data: { revoked },
      }, 200);
    })
    .delete("/sessions/:id", auth, async (c) => {
      const user = c.get("user");
      const id = c.req.param("id");
      const revoked = isUuid(id) && await sql.begin(async (tx) => {
        if (!(await revokeOwnSession(tx, user.id, id))) return false;
        await recordEvent(tx, {
          action: "auth.session_revoked",
          actorId: user.id,
          targetId: user.id,
          detail: { session_id: id },
          ip: clientIp(c, config.trustedProxies),
        });
        return true;
      });
      if (!revoked) throw notFound("Session does not exist.");
      if (id === c.get("sessionId")) clearRefreshCookie(c);
      return c.json({ status: "success" as const, message: "Session revoked." }, 200);
    })
    .get("/activity", auth, validate("query", pageQuery), async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const beforeId = cursorPosition(cursor);
      const viewerId = c.get("user").id;
      const rows = await listEvents(sql, { userId: viewerId, limit: limit + 1, beforeId });
      const { items, nextCursor } = pageOf(rows, limit);
      return c.json({
        status: "success" as const,
        data: {
          events: items.map((event) => presentEvent(event, { viewerId })),
          next_cursor: nextCursor,
        },
      }, 200);
    });
}
