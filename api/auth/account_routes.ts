/** Self-service under /auth: password, sessions, and the caller's own activity. */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { presentEvent } from "../audit/present.ts";
import { listEvents } from "../audit/queries.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { page, pageQuery } from "../http/pagination.ts";
import { AUTH, BEARER, fail, fails, ok, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, pathParam, router } from "../openapi/router.ts";
import { callerOf } from "./http_context.ts";
import { changePassword, revokeOtherSessions, revokeOwnSession } from "./account_service.ts";
import { type AuthEnv, requireUser } from "./middleware.ts";
import { stepUp } from "../mfa/step_up.ts";
import { listSessions } from "./queries.ts";
import { clearRefreshCookie, setRefreshCookie } from "./refresh_cookie.ts";
import { changePasswordBody } from "./schemas.ts";

const TOKEN = ["Set-Cookie" as const];

const sessionId = z.object({
  id: pathParam("The session's id (`GET /auth/sessions`).", { type: "string", format: "uuid" }),
});

export function accountRoutes(deps: Deps) {
  // Per route, not `use("*")`: mounted on /auth, a wildcard would guard /auth/login too.
  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const caller = (c: Context<AuthEnv>) => callerOf(c, deps.config.trustedProxies);
  const route = { tags: ["account"], security: BEARER, middleware: auth };

  return router()
    .openapi(
      createRoute({
        ...route,
        method: "put",
        path: "/password",
        operationId: "changePassword",
        middleware: [requireUser(deps), stepUp(deps)] as const,
        summary: "Change one's password; every other session ends",
        request: {
          body: jsonBody(changePasswordBody, {
            current_password: "example-passphrase",
            new_password: "a new passphrase",
          }),
        },
        responses: {
          200: ok(
            reply.messageBody,
            '"Password changed." The caller\'s session continues with a new refresh cookie; ' +
              "every other token of it, refresh or access, stops working.",
            TOKEN,
          ),
          ...fail(400, "Invalid payload; a `current_password` error when it is wrong."),
          ...fails(...AUTH, 413, 429, ...SERVER),
        },
      }),
      async (c) => {
        const { current_password, new_password } = c.req.valid("json");
        const secured = await changePassword(deps, caller(c), {
          current: current_password,
          next: new_password,
        });
        setRefreshCookie(c, secured.refresh);
        return c.json(success({ message: "Password changed." }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "get",
        path: "/sessions",
        operationId: "listSessions",
        summary: "The caller's live sessions, most recently used first",
        responses: { 200: ok(reply.sessionsBody, "The sessions."), ...fails(...AUTH, ...SERVER) },
      }),
      async (c) => {
        const current = c.get("sessionId");
        const sessions = await listSessions(deps.sql, c.get("user").id);
        const data = { sessions: sessions.map((s) => ({ ...s, current: s.id === current })) };
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "delete",
        path: "/sessions",
        operationId: "revokeOtherSessions",
        summary: "End every session but the current one",
        responses: {
          200: ok(
            reply.sessionsRevokedBody,
            "How many sessions ended. The caller's session continues with a new refresh cookie; " +
              "every other token of it, refresh or access, stops working.",
            TOKEN,
          ),
          ...fails(...AUTH, ...SERVER),
        },
      }),
      async (c) => {
        const { revoked, refresh } = await revokeOtherSessions(deps, caller(c));
        setRefreshCookie(c, refresh);
        return c.json(
          success({
            message: `Signed out ${revoked} other session${revoked === 1 ? "" : "s"}.`,
            data: { revoked },
          }),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "delete",
        path: "/sessions/{id}",
        operationId: "revokeSession",
        summary: "End one of the caller's sessions",
        request: { params: sessionId },
        responses: {
          200: ok(reply.messageBody, '"Session revoked." (the current one clears its cookie).'),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, '"Session does not exist." (or is not the caller\'s).'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        await revokeOwnSession(deps, caller(c), id);
        if (id === c.get("sessionId")) clearRefreshCookie(c);
        return c.json(success({ message: "Session revoked." }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "get",
        path: "/activity",
        operationId: "listActivity",
        summary: "The caller's own audit events, newest first",
        request: { query: pageQuery },
        responses: {
          200: ok(reply.auditPageBody, "A page of events."),
          ...fails(400, ...AUTH, ...SERVER),
        },
      }),
      async (c) => {
        const viewerId = c.get("user").id;
        const { items, nextCursor } = await page(
          c.req.valid("query"),
          (window) => listEvents(deps.sql, { userId: viewerId, ...window }),
        );
        const events = items.map((event) => presentEvent(event, { viewerId }));
        return c.json(success({ data: { events, next_cursor: nextCursor } }), 200);
      },
    );
}
