/** /auth/passkeys: a user's passkeys: list, add, rename, remove. */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { callerOf } from "../auth/http_context.ts";
import { type AuthEnv, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { notFound } from "../http/errors.ts";
import { parseId } from "../http/ids.ts";
import { STEP_UP_NOTE, steppedUp } from "../mfa/step_up.ts";
import { AUTH, BEARER, fail, fails, ok, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, pathParam, router } from "../openapi/router.ts";
import { listPasskeys } from "./queries.ts";
import {
  optionsBody,
  passkeyBody,
  passkeysBody,
  registerPasskeyBody,
  renamePasskeyBody,
} from "./schemas.ts";
import {
  registerPasskey,
  registrationOptions,
  removeOwnPasskey,
  renameOwnPasskey,
} from "./service.ts";

const NO_SUCH_PASSKEY = "Passkey not found.";
const passkeyId = z.object({ id: pathParam("The passkey's id.", { type: "integer", minimum: 1 }) });

export function passkeyRoutes(deps: Deps) {
  const proxies = deps.config.trustedProxies;
  const caller = (c: Context<AuthEnv>) => callerOf(c, proxies);
  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const route = { tags: ["passkeys"], security: BEARER, middleware: auth };
  const sensitive = { ...route, middleware: steppedUp(deps) };

  return router()
    .openapi(
      createRoute({
        ...route,
        method: "get",
        path: "/",
        operationId: "listPasskeys",
        summary: "The caller's passkeys: names and dates, never a key",
        responses: {
          200: ok(passkeysBody, "The caller's passkeys."),
          ...fails(...AUTH, ...SERVER),
        },
      }),
      async (c) => {
        const data = await listPasskeys(deps.sql, c.get("user").id);
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...sensitive,
        method: "post",
        path: "/registration/options",
        operationId: "passkeyRegistrationOptions",
        summary: "Start adding a passkey: options for `navigator.credentials.create()`",
        description: "A discoverable credential with user verification; the caller's passkeys " +
          "are excluded. The challenge works once, for 5 minutes, from this session." +
          STEP_UP_NOTE,
        responses: {
          200: ok(optionsBody, "`PublicKeyCredentialCreationOptionsJSON`."),
          ...fails(...AUTH, ...SERVER),
        },
      }),
      async (c) => {
        const data = await registrationOptions(deps, caller(c));
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...sensitive,
        method: "post",
        path: "/registration",
        operationId: "registerPasskey",
        summary: "Finish adding a passkey with the browser's answer",
        description: "Every other session of the caller ends and a security notice is mailed. " +
          "The account's first factor comes with `recovery_codes`, shown this once." +
          STEP_UP_NOTE,
        request: {
          body: jsonBody(registerPasskeyBody, {
            name: "Laptop",
            response: {
              id: "hK8wS0Gm2QvN",
              rawId: "hK8wS0Gm2QvN",
              type: "public-key",
              clientExtensionResults: {},
              response: {
                clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
                attestationObject: "o2NmbXRkbm9uZQ",
              },
            },
          }),
        },
        responses: {
          201: ok(passkeyBody, '"Passkey added."'),
          ...fail(
            400,
            "Invalid payload; a `response` error when the challenge is unknown, used, expired or " +
              "of another session, or the answer does not verify (origin, relying party, user " +
              "verification).",
          ),
          ...fails(...AUTH, 413, ...SERVER),
          ...fail(409, '"This passkey is already registered."'),
        },
      }),
      async (c) => {
        const data = await registerPasskey(deps, caller(c), c.req.valid("json"));
        return c.json(success({ message: "Passkey added.", data }), 201);
      },
    )
    .openapi(
      createRoute({
        ...route,
        request: { params: passkeyId, body: jsonBody(renamePasskeyBody, { name: "Phone" }) },
        method: "patch",
        path: "/{id}",
        operationId: "renamePasskey",
        summary: "Rename one of the caller's passkeys",
        responses: {
          200: ok(reply.messageBody, '"Passkey renamed."'),
          ...fails(400, ...AUTH, 413, ...SERVER),
          ...fail(404, `"${NO_SUCH_PASSKEY}"`),
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        if (id === undefined) throw notFound(NO_SUCH_PASSKEY);
        await renameOwnPasskey(deps, caller(c), id, c.req.valid("json").name);
        return c.json(success({ message: "Passkey renamed." }), 200);
      },
    )
    .openapi(
      createRoute({
        ...sensitive,
        request: { params: passkeyId },
        method: "delete",
        path: "/{id}",
        operationId: "deletePasskey",
        summary: "Remove one of the caller's passkeys",
        description: "Every other session of the caller ends and a security notice is mailed. " +
          "The account's first factor comes with `recovery_codes`, shown this once." +
          STEP_UP_NOTE,
        responses: {
          200: ok(reply.messageBody, '"Passkey removed."'),
          ...fails(...AUTH, ...SERVER),
          ...fail(404, `"${NO_SUCH_PASSKEY}"`),
        },
      }),
      async (c) => {
        const id = parseId(c.req.valid("param").id);
        if (id === undefined) throw notFound(NO_SUCH_PASSKEY);
        await removeOwnPasskey(deps, caller(c), id);
        return c.json(success({ message: "Passkey removed." }), 200);
      },
    );
}
