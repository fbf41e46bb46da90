/** Self-service under /auth for the account as a whole: delete it, download its data. */
import type { MiddlewareHandler } from "hono";
import { presentEvent } from "../audit/present.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { AUTH, BEARER, fail, fails, ok, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, router } from "../openapi/router.ts";
import { callerOf } from "./http_context.ts";
import { type AuthEnv, requireUser } from "./middleware.ts";
import { stepUp } from "../mfa/step_up.ts";
import { clearRefreshCookie } from "./refresh_cookie.ts";
import { deleteAccountBody } from "./schemas.ts";
import { deleteOwnAccount, exportOwnData } from "./self_service.ts";

export function selfServiceRoutes(deps: Deps) {
  // Per route, not `use("*")`: mounted on /auth, a wildcard would guard /auth/login too.
  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const route = { tags: ["account"], security: BEARER, middleware: auth };

  return router()
    .openapi(
      createRoute({
        ...route,
        method: "delete",
        path: "/account",
        operationId: "deleteOwnAccount",
        middleware: [requireUser(deps), stepUp(deps)] as const,
        summary: "Delete one's own account, proven by the current password",
        description: "The account, its sessions and its refresh cookie go; the audit trail keeps " +
          "that it happened. The last active admin cannot (409).",
        request: { body: jsonBody(deleteAccountBody, { current_password: "example-passphrase" }) },
        responses: {
          200: ok(reply.messageBody, '"Your account was deleted."', ["Set-Cookie"]),
          ...fail(400, "Invalid payload; a `current_password` error when it is wrong."),
          ...fails(...AUTH, 413, 429, ...SERVER),
          ...fail(409, "The caller is the last active admin."),
        },
      }),
      async (c) => {
        const caller = callerOf(c, deps.config.trustedProxies);
        await deleteOwnAccount(deps, caller, c.req.valid("json").current_password);
        clearRefreshCookie(c);
        return c.json(success({ message: "Your account was deleted." }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "get",
        path: "/export",
        operationId: "exportOwnData",
        summary: "Download everything kept about oneself as JSON",
        description: "The profile, every session row (live and ended) and every audit event " +
          "by or about the caller, as a file to save.",
        responses: {
          200: ok(reply.ownDataBody, "The caller's data.", ["Content-Disposition"]),
          ...fails(...AUTH, ...SERVER),
        },
      }),
      async (c) => {
        const caller = callerOf(c, deps.config.trustedProxies);
        const data = await exportOwnData(deps, caller);
        const viewerId = caller.user.id;
        const activity = data.activity.map((event) => presentEvent(event, { viewerId }));
        c.header(
          "Content-Disposition",
          `attachment; filename="users-service-${caller.user.username}.json"`,
        );
        return c.json(success({ data: { ...data, activity } }), 200);
      },
    );
}
