import { type Context, Hono } from "hono";
import { type AuthEnv, identifyViewer, requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { parseId } from "../http/ids.ts";
import { page } from "../http/pagination.ts";
import { validate } from "../http/validate.ts";
import { clientIp } from "../security/client_ip.ts";
import { presentUser } from "./present.ts";
import { findUserById, listUsers } from "./queries.ts";
import { createUserBody, updateUserBody, userSearchQuery } from "./schemas.ts";
import {
  type Actor,
  createAccount,
  deleteAccount,
  NO_SUCH_USER,
  updateAccount,
} from "./service.ts";

export function userRoutes(deps: Deps) {
  const { sql, passwords, config } = deps;
  const actor = (c: Context<AuthEnv>): Actor => ({
    user: c.get("user"),
    sessionId: c.get("sessionId"),
    ip: clientIp(c, config.trustedProxies),
  });

  return new Hono()
    .get("/", validate("query", userSearchQuery), identifyViewer(deps), async (c) => {
      const { q, active, admin, ...window } = c.req.valid("query");
      const viewer = c.get("viewer");
      // Searching by email, or by flags, would reveal what the public directory withholds.
      if ((q !== undefined || active !== undefined || admin !== undefined) && !viewer?.admin) {
        throw forbidden();
      }
      const { items, nextCursor } = await page(
        window,
        (rows) => listUsers(sql, { ...rows, q, active, admin }),
      );
      const users = items.map((user) => presentUser(user, viewer));
      return c.json(success({ data: { users, next_cursor: nextCursor } }), 200);
    })
    .get("/:id", identifyViewer(deps), async (c) => {
      const id = parseId(c.req.param("id"));
      const user = id === undefined ? undefined : await findUserById(sql, id);
      if (!user) throw notFound(NO_SUCH_USER);
      return c.json(success({ data: presentUser(user, c.get("viewer")) }), 200);
    })
    .post("/", requireUser(deps), requireAdmin, validate("json", createUserBody), async (c) => {
      const user = await createAccount(sql, passwords, c.req.valid("json"), {
        actor: actor(c),
        ip: clientIp(c, config.trustedProxies),
        duplicateMessage: (field) => `Sorry. That ${field} already exists.`,
      });
      return c.json(
        success({
          message: `${user.email} was added!`,
          data: { user: presentUser(user, c.get("user")) },
        }),
        201,
      );
    })
    .patch("/:id", requireUser(deps), validate("json", updateUserBody), async (c) => {
      const me = actor(c);
      const id = parseId(c.req.param("id"));
      if (id === undefined) throw me.user.admin ? notFound(NO_SUCH_USER) : forbidden();
      const user = await updateAccount(deps, me, id, c.req.valid("json"));
      return c.json(
        success({ message: "User updated.", data: { user: presentUser(user, me.user) } }),
        200,
      );
    })
    .delete("/:id", requireUser(deps), requireAdmin, async (c) => {
      const id = parseId(c.req.param("id"));
      if (id === undefined) throw notFound(NO_SUCH_USER);
      await deleteAccount(sql, actor(c), id);
      return c.json(success({ message: "User deleted." }), 200);
    });
}
