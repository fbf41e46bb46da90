/** /auth/passkeys: a user's passkeys, the login's second step and the re-check with one. */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { setDeviceCookie } from "../auth/device_cookie.ts";
import { callerOf, clientOf, tokenFields } from "../auth/http_context.ts";
import { type AuthEnv, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { notFound } from "../http/errors.ts";
import { parseId } from "../http/ids.ts";
import { stepUp } from "../mfa/step_up.ts";
import { AUTH, BEARER, fail, fails, ok, PUBLIC, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, pathParam, router } from "../openapi/router.ts";
import { listPasskeys } from "./queries.ts";
import {
  optionsBody,
  passkeyBody,
  passkeysBody,
  passkeySecondStepBody,
  reauthenticatePasskeyBody,
  registerPasskeyBody,
  renamePasskeyBody,
  secondStepOptionsBody,
} from "./schemas.ts";
import {
  registerPasskey,
  registrationOptions,
  removeOwnPasskey,
  renameOwnPasskey,
} from "./service.ts";
import {
  reauthenticateOptions,
  reauthenticateWithPasskey,
  secondStepOptions,
  verifyPasskeySecondStep,
} from "./sign_in.ts";

const NO_SUCH_PASSKEY = "Passkey not found.";
const passkeyId = z.object({ id: pathParam("The passkey's id.", { type: "integer", minimum: 1 }) });
const STEP_UP = " Needs a recent strong login or re-check (403 `step_up_required`).";
// Shapes only (base64url fields shortened): real ones come from @simplewebauthn/browser.
export const exampleAssertion = {
  id: "hK8wS0Gm2QvN",
  rawId: "hK8wS0Gm2QvN",
  type: "public-key" as const,
  clientExtensionResults: {},
  response: {
    clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
    authenticatorData: "SZYN5YgOjGh0NBcP",
    signature: "MEUCIQ",
    userHandle: "NDI",
  },
};

export function passkeyRoutes(deps: Deps) {
  const proxies = deps.config.trustedProxies;
  const caller = (c: Context<AuthEnv>) => callerOf(c, proxies);
  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const route = { tags: ["passkeys"], security: BEARER, middleware: auth };
  const stepped: [MiddlewareHandler<AuthEnv>, MiddlewareHandler<AuthEnv>] = [
    requireUser(deps),
    stepUp(deps),
  ];
  const sensitive = { ...route, middleware: stepped };
  const publicRoute = { tags: ["passkeys"], security: PUBLIC };

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
          "are excluded. The challenge works once, for 5 minutes, from this session." + STEP_UP,
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
        description: "Every other session of the caller ends and a security notice is mailed." +
          STEP_UP,
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
        description: "Every other session of the caller ends and a security notice is mailed." +
          STEP_UP,
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
    )
    .openapi(
      createRoute({
        ...route,
        method: "post",
        path: "/reauthenticate/options",
        operationId: "passkeyReauthenticateOptions",
        summary: "Start a re-check with a passkey: options for `navigator.credentials.get()`",
        description: "The challenge works once, for 5 minutes, from this session.",
        responses: {
          200: ok(optionsBody, "`PublicKeyCredentialRequestOptionsJSON`."),
          ...fails(...AUTH, ...SERVER),
          ...fail(409, '"This account has no passkey."'),
        },
      }),
      async (c) => {
        const data = await reauthenticateOptions(deps, caller(c));
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "post",
        path: "/reauthenticate",
        operationId: "reauthenticateWithPasskey",
        summary: "Re-check before a sensitive action with a passkey",
        description:
          "The passkey twin of `POST /auth/mfa/reauthenticate`: this session counts as " +
          "freshly and strongly authenticated for STEP_UP_MAX_AGE seconds. Refusals count " +
          "against RATE_LIMIT_REAUTH_USER.",
        request: {
          body: jsonBody(reauthenticatePasskeyBody, { response: exampleAssertion }),
        },
        responses: {
          200: ok(reply.messageBody, '"Confirmed."'),
          ...fail(400, "Invalid payload; a `response` error when it does not verify."),
          ...fails(...AUTH, 413, 429, ...SERVER),
        },
      }),
      async (c) => {
        await reauthenticateWithPasskey(deps, caller(c), c.req.valid("json").response);
        return c.json(success({ message: "Confirmed." }), 200);
      },
    )
    .openapi(
      createRoute({
        ...publicRoute,
        method: "post",
        path: "/second-step/options",
        operationId: "passkeySecondStepOptions",
        summary: "The login's second step with a passkey: options for the account's passkeys",
        description: "The challenge is bound to the `mfa_token`, works once, for 5 minutes.",
        request: { body: jsonBody(secondStepOptionsBody, { mfa_token: "…" }) },
        responses: {
          200: ok(optionsBody, "`PublicKeyCredentialRequestOptionsJSON`."),
          ...fails(400, 413, 429, ...SERVER),
          ...fail(
            401,
            '"This sign-in has expired. Please log in again." (`mfa_token_invalid`)',
            [],
          ),
          ...fail(409, '"This account has no passkey."'),
        },
      }),
      async (c) => {
        const { mfa_token } = c.req.valid("json");
        const data = await secondStepOptions(deps, mfa_token, clientOf(c, proxies));
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...publicRoute,
        method: "post",
        path: "/second-step",
        operationId: "verifyPasskeySecondStep",
        summary: "The login's second step with a passkey of the account",
        description: "Starts the session as `POST /auth/mfa/verify` does (`amr: " +
          '["pwd","webauthn"]`). Refusals count against the login limits and the mfa_token\'s 5 ' +
          "attempts.",
        request: {
          body: jsonBody(passkeySecondStepBody, { mfa_token: "…", response: exampleAssertion }),
        },
        responses: {
          200: ok(
            reply.tokenBody,
            "Logged in: an access token, the refresh cookie and the device cookie.",
            ["Set-Cookie"],
          ),
          ...fail(400, "Invalid payload; a `response` error when it does not verify."),
          ...fail(
            401,
            '"This sign-in has expired. Please log in again." (`mfa_token_invalid`)',
            [],
          ),
          ...fail(403, '"Account disabled. Please contact us."'),
          ...fails(413, 429, ...SERVER),
        },
      }),
      async (c) => {
        const loggedIn = await verifyPasskeySecondStep(
          deps,
          c.req.valid("json"),
          clientOf(c, proxies),
        );
        setDeviceCookie(c, loggedIn.device);
        const body = { message: "Successfully logged in.", ...tokenFields(c, loggedIn) };
        return c.json(success(body), 200);
      },
    );
}
