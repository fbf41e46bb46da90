/** Admins sending a user a new verification link or a password reset link: HTTP only. */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { type AuthEnv, requireAdmin, requireUser } from "../auth/middleware.ts";
import { adminFactorPolicy } from "../mfa/policy.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { notFound } from "../http/errors.ts";
import { parseId } from "../http/ids.ts";
import { AUTH, BEARER, fail, fails, ok, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, pathParam, router } from "../openapi/router.ts";
import { clientIp } from "../security/client_ip.ts";
import { NO_SUCH_USER } from "../users/service.ts";
import { sendResetAsAdmin } from "./recovery_service.ts";
import { ALREADY_VERIFIED, sendVerificationAsAdmin } from "./verification_service.ts";

const userId = z.object({ id: pathParam("The user's id.", { type: "integer", minimum: 1 }) });

export function emailAdminRoutes(deps: Deps) {
  const actor = (c: Context<AuthEnv>) => ({
    user: c.get("user"),
    ip: clientIp(c, deps.config.trustedProxies),
  });
  const admin: [
    MiddlewareHandler<AuthEnv>,
    MiddlewareHandler<AuthEnv>,
    MiddlewareHandler<AuthEnv>,
  ] = [
    requireUser(deps),
    requireAdmin,
    adminFactorPolicy(deps),
  ];
  const route = {
    method: "post" as const,
    tags: ["users"],
    security: BEARER,
    middleware: admin,
    request: { params: userId },
  };
  const limited = fail(
    429,
    "A mail went to this address moments ago, or too many this hour: try again after " +
      "`Retry-After` seconds.",
    ["Retry-After"],
  );

  return router()
    .openapi(
      createRoute({
        ...route,
        path: "/{id}/verification-email",
        operationId: "sendVerificationEmail",
        summary: "Mail the user a new verification link (admins)",
        responses: {
          202: ok(reply.messageBody, '"Verification link sent."'),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, '"User does not exist."'),
          ...fail(409, `"${ALREADY_VERIFIED}"`),
          ...limited,
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        if (id === undefined) throw notFound(NO_SUCH_USER);
        await sendVerificationAsAdmin(deps, actor(c), id, NO_SUCH_USER);
        return c.json(success({ message: "Verification link sent." }), 202);
      },
    )
    .openapi(
      createRoute({
        ...route,
        path: "/{id}/password-reset",
        operationId: "sendPasswordReset",
        summary: "Mail the user a password reset link (admins)",
        description: "The admin never sees the link; the user chooses the new password.",
        responses: {
          202: ok(reply.messageBody, '"Password reset link sent."'),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, '"User does not exist."'),
          ...limited,
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        if (id === undefined) throw notFound(NO_SUCH_USER);
        await sendResetAsAdmin(deps, actor(c), id, NO_SUCH_USER);
        return c.json(success({ message: "Password reset link sent." }), 202);
      },
    );
}
