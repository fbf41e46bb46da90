/**
 * /auth/passkeys: a passkey as the login's second step (after the password) and as the re-check
 * before a sensitive action.
 */
import type { Context, MiddlewareHandler } from "hono";
import { setDeviceCookie } from "../auth/device_cookie.ts";
import { callerOf, clientOf, tokenFields } from "../auth/http_context.ts";
import { type AuthEnv, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { AUTH, BEARER, fail, fails, ok, PUBLIC, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, router } from "../openapi/router.ts";
import {
  optionsBody,
  passkeySecondStepBody,
  reauthenticatePasskeyBody,
  secondStepOptionsBody,
} from "./schemas.ts";
import {
  reauthenticateOptions,
  reauthenticateWithPasskey,
  secondStepOptions,
  verifyPasskeySecondStep,
} from "./sign_in.ts";

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

export function passkeyStepRoutes(deps: Deps) {
  const proxies = deps.config.trustedProxies;
  const caller = (c: Context<AuthEnv>) => callerOf(c, proxies);
  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const route = { tags: ["passkeys"], security: BEARER, middleware: auth };
  const publicRoute = { tags: ["passkeys"], security: PUBLIC };

  return router()
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
