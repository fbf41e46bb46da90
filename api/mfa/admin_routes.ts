/** /users/:id/factors: whether a user has a second factor, and resetting them (admins). */
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { type AuthEnv, requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { notFound } from "../http/errors.ts";
import { clientIp } from "../security/client_ip.ts";
import { AUTH, BEARER, fail, fails, ok, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, pathParam, router } from "../openapi/router.ts";
import { adminFactorPolicy } from "./policy.ts";
import { listPasskeys } from "../passkeys/queries.ts";
import { factorsOf, findOwner, presentFactors } from "./queries.ts";
import { factorsBody } from "./schemas.ts";
import { resetFactors } from "./service.ts";
import { requireRecentAuth, STEP_UP_NOTE } from "./step_up.ts";

const NO_SUCH_USER = "User does not exist.";
const userId = z.object({ id: pathParam("The user's id.", { type: "integer", minimum: 1 }) });

function parseId(raw: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
}

export function mfaAdminRoutes(deps: Deps) {
  const admin: [
    MiddlewareHandler<AuthEnv>,
    MiddlewareHandler<AuthEnv>,
    MiddlewareHandler<AuthEnv>,
  ] = [requireUser(deps), requireAdmin, adminFactorPolicy(deps)];
  const route = { tags: ["users"], security: BEARER, request: { params: userId } };

  return router()
    .openapi(
      createRoute({
        ...route,
        middleware: admin,
        method: "get",
        path: "/{id}/factors",
        operationId: "userFactors",
        summary: "Whether a user has second factors (admins; never the factors themselves)",
        responses: {
          200: ok(factorsBody, "The user's factors."),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, `"${NO_SUCH_USER}"`),
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        if (id === undefined || !(await findOwner(deps.sql, id))) throw notFound(NO_SUCH_USER);
        const data = presentFactors(
          await factorsOf(deps.sql, id),
          await listPasskeys(deps.sql, id),
        );
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        middleware: admin,
        method: "delete",
        path: "/{id}/factors",
        operationId: "resetUserFactors",
        summary: "Remove every second factor of a user who lost them (admins)",
        description: "Audited (`admin.mfa_reset`); the user is mailed and every session of " +
          "theirs ends." + STEP_UP_NOTE,
        responses: {
          200: ok(reply.messageBody, '"Two-step sign-in was reset."'),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, `"${NO_SUCH_USER}"`),
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        const actor = { user: c.get("user"), ip: clientIp(c, deps.config.trustedProxies) };
        await requireRecentAuth(deps, { user: actor.user, sessionId: c.get("sessionId") });
        if (id === undefined || !(await resetFactors(deps, actor, id))) {
          throw notFound(NO_SUCH_USER);
        }
        return c.json(success({ message: "Two-step sign-in was reset." }), 200);
      },
    );
}
