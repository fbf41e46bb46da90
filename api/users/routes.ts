import type { Context } from "hono";
import { z } from "zod";
import { type AuthEnv, identifyViewer, requireAdmin, requireUser } from "../auth/middleware.ts";
import { adminFactorPolicy, requireAdminFactor } from "../mfa/policy.ts";
import { requireRecentAuth, stepUp } from "../mfa/step_up.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { parseId } from "../http/ids.ts";
import { page } from "../http/pagination.ts";
import { AUTH, BEARER, fail, fails, ok, OPTIONAL_BEARER, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, pathParam, router } from "../openapi/router.ts";
import { clientIp } from "../security/client_ip.ts";
import { usersWithSecondFactor } from "../mfa/queries.ts";
import { presentUser } from "./present.ts";
import { countUsers, findUserById, listUsers } from "./queries.ts";
import { createUserBody, updateUserBody, userSearchQuery } from "./schemas.ts";
import {
  type Actor,
  createAccount,
  deleteAccount,
  NO_SUCH_USER,
  updateAccount,
} from "./service.ts";

const CONFIRM_NEW_EMAIL =
  "Check your new inbox: follow the link we sent there to confirm the new address.";

const userId = z.object({ id: pathParam("The user's id.", { type: "integer", minimum: 1 }) });

export function userRoutes(deps: Deps) {
  const { sql, passwords, config } = deps;
  const actor = (c: Context<AuthEnv>): Actor => ({
    user: c.get("user"),
    sessionId: c.get("sessionId"),
    ip: clientIp(c, config.trustedProxies),
  });

  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/",
        operationId: "listUsers",
        summary: "The user directory, newest first",
        description: "Search (`q`) and the `active` and `admin` filters are for admins only (403).",
        tags: ["users"],
        security: OPTIONAL_BEARER,
        middleware: [identifyViewer(deps)] as const,
        request: { query: userSearchQuery },
        responses: {
          200: ok(reply.userPageBody, "A page of users; private fields for admins and oneself."),
          ...fails(400, ...AUTH, ...SERVER),
        },
      }),
      async (c) => {
        const { q, active, admin, total: withTotal, ...window } = c.req.valid("query");
        const viewer = c.get("viewer");
        // Searching by email, or by flags, would reveal what the public directory withholds.
        if ((q !== undefined || active !== undefined || admin !== undefined) && !viewer?.admin) {
          throw forbidden();
        }
        const [{ items, nextCursor }, total] = await Promise.all([
          page(window, (rows) => listUsers(sql, { ...rows, q, active, admin })),
          withTotal ? countUsers(sql, { q, active, admin }) : undefined,
        ]);
        // Admins see at a glance who has a second factor: one lookup for the page, not a call per user.
        const withFactor = viewer?.admin
          ? await usersWithSecondFactor(sql, items.map((user) => user.id))
          : undefined;
        const users = items.map((user) => ({
          ...presentUser(user, viewer),
          ...(withFactor && { second_factor: withFactor.has(user.id) }),
        }));
        return c.json(success({ data: { users, next_cursor: nextCursor, total } }), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/{id}",
        operationId: "getUser",
        summary: "One user",
        tags: ["users"],
        security: OPTIONAL_BEARER,
        middleware: [identifyViewer(deps)] as const,
        request: { params: userId },
        responses: {
          200: ok(reply.userBody, "The user; private fields for admins and oneself."),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, '"User does not exist."'),
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        const user = id === undefined ? undefined : await findUserById(sql, id);
        if (!user) throw notFound(NO_SUCH_USER);
        return c.json(success({ data: presentUser(user, c.get("viewer")) }), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/",
        operationId: "createUser",
        summary: "Add a user (admins)",
        tags: ["users"],
        security: BEARER,
        middleware: [requireUser(deps), requireAdmin, adminFactorPolicy(deps)] as const,
        request: {
          body: jsonBody(createUserBody, {
            username: "alan",
            email: "alan@example.com",
            password: "example-passphrase",
            admin: false,
            active: true,
          }),
        },
        responses: {
          201: ok(reply.userChangedBody, '"<email> was added!"'),
          ...fails(400, ...AUTH, 413, ...SERVER),
          ...fail(409, "The email or the username is taken."),
        },
      }),
      async (c) => {
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
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/{id}",
        operationId: "updateUser",
        summary: "Change a user: admins anything, others their own username and email",
        description: "Users changing their own email (admins too) must send `current_password`; " +
          "a wrong one counts against the user's reauthentication limit, and such changes are " +
          "limited per user and per address (429). The address changes only when the link " +
          "mailed to it is followed: the answer is 202, the same whether or not it is taken. " +
          "An admin's change of someone else's address applies at once (200).",
        tags: ["users"],
        security: BEARER,
        middleware: [requireUser(deps)] as const,
        request: {
          params: userId,
          body: jsonBody(updateUserBody, { username: "grace.hopper" }),
        },
        responses: {
          200: ok(reply.userChangedBody, '"User updated."'),
          202: ok(
            reply.userChangedBody,
            `"${CONFIRM_NEW_EMAIL}" Other fields are saved; the email stays until confirmed.`,
          ),
          ...fails(400, ...AUTH, 413, ...SERVER),
          ...fail(404, '"User does not exist." (for admins; others get 403).'),
          ...fail(409, "A duplicate, or a guard rail (the last active admin, oneself)."),
          ...fail(
            429,
            "Too many changes of one's own email: try again after `Retry-After` seconds.",
          ),
        },
      }),
      async (c) => {
        const me = actor(c);
        const id = parseId(c.req.valid("param").id);
        if (id === undefined) throw me.user.admin ? notFound(NO_SUCH_USER) : forbidden();
        const changes = c.req.valid("json");
        if (me.user.admin && id !== me.user.id) await requireAdminFactor(deps, me.user);
        // A demotion, or a move of one's own account to another address, needs a recent
        // strong login (step-up).
        const ownEmail = id === me.user.id && changes.email !== undefined &&
          changes.email !== me.user.email;
        if (changes.admin === false || ownEmail) await requireRecentAuth(deps, me);
        const { user, emailChangePending } = await updateAccount(deps, me, id, changes);
        const data = { user: presentUser(user, me.user) };
        if (emailChangePending) {
          return c.json(success({ message: CONFIRM_NEW_EMAIL, data }), 202);
        }
        return c.json(success({ message: "User updated.", data }), 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/{id}",
        operationId: "deleteUser",
        summary: "Delete a user and their sessions (admins)",
        tags: ["users"],
        security: BEARER,
        middleware: [
          requireUser(deps),
          requireAdmin,
          adminFactorPolicy(deps),
          stepUp(deps),
        ] as const,
        request: { params: userId },
        responses: {
          200: ok(reply.messageBody, '"User deleted."'),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, '"User does not exist."'),
          ...fail(409, "A guard rail: the last active admin, or oneself."),
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        if (id === undefined) throw notFound(NO_SUCH_USER);
        await deleteAccount(sql, actor(c), id);
        return c.json(success({ message: "User deleted." }), 200);
      },
    );
}
