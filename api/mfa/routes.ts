/** /auth/mfa: the authenticator app, recovery codes, and the login's second step. */
import type { Context, MiddlewareHandler } from "hono";
import { setDeviceCookie } from "../auth/device_cookie.ts";
import { callerOf, clientOf, tokenFields } from "../auth/http_context.ts";
import { type AuthEnv, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { AUTH, BEARER, fail, fails, ok, PUBLIC, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, router } from "../openapi/router.ts";
import { verifySecondFactor } from "./login_service.ts";
import { reauthenticate } from "./reauthenticate.ts";
import { STEP_UP_NOTE, steppedUp } from "./step_up.ts";
import { listPasskeys } from "../passkeys/queries.ts";
import { factorsOf, presentFactors } from "./queries.ts";
import {
  confirmTotpBody,
  disableTotpBody,
  factorsBody,
  reauthenticateBody,
  recoveryCodesBody,
  totpEnrolmentBody,
  verifyMfaBody,
} from "./schemas.ts";
import { confirmTotp, regenerateRecoveryCodes, removeTotp, startTotpEnrolment } from "./service.ts";

const CODES_SHOWN_ONCE = "Keep these recovery codes somewhere safe: each works once, and they " +
  "are not shown again.";

export function mfaRoutes(deps: Deps) {
  const proxies = deps.config.trustedProxies;
  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const caller = (c: Context<AuthEnv>) => callerOf(c, proxies);
  const route = { tags: ["mfa"], security: BEARER, middleware: auth };
  // Adding or removing a factor needs a recent strong authentication (step_up.ts).
  const sensitive = { ...route, middleware: steppedUp(deps) };

  return router()
    .openapi(
      createRoute({
        ...route,
        method: "get",
        path: "/",
        operationId: "listFactors",
        summary: "Which second factors the caller has (never the factors themselves)",
        responses: { 200: ok(factorsBody, "The caller's factors."), ...fails(...AUTH, ...SERVER) },
      }),
      async (c) => {
        const data = presentFactors(
          await factorsOf(deps.sql, c.get("user").id),
          await listPasskeys(deps.sql, c.get("user").id),
        );
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...sensitive,
        method: "post",
        path: "/totp",
        operationId: "startTotp",
        summary: "Start setting up an authenticator app: a new secret, waiting for a code",
        description: "The secret is stored sealed and works only once confirmed; starting again " +
          "replaces an unconfirmed one." + STEP_UP_NOTE,
        responses: {
          200: ok(totpEnrolmentBody, "The secret, as text and as an `otpauth://` URL."),
          ...fails(...AUTH, 429, ...SERVER),
          ...fail(409, "An authenticator app is already set up."),
        },
      }),
      async (c) => {
        const started = await startTotpEnrolment(deps, caller(c));
        const data = { secret: started.secret, otpauth_url: started.otpauthUrl };
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "post",
        path: "/totp/confirm",
        operationId: "confirmTotp",
        summary: "Turn the authenticator app on with a current code; get 10 recovery codes",
        description: "Every other session of the caller ends and a security notice is mailed. " +
          "Wrong codes count against RATE_LIMIT_REAUTH_USER.",
        request: { body: jsonBody(confirmTotpBody, { code: "123456" }) },
        responses: {
          200: ok(recoveryCodesBody, "The recovery codes, shown this once."),
          ...fail(400, "Invalid payload; a `code` error when it is wrong or already used."),
          ...fails(...AUTH, 413, 429, ...SERVER),
          ...fail(409, "No set-up was started, or an app is already on."),
        },
      }),
      async (c) => {
        const codes = await confirmTotp(deps, caller(c), c.req.valid("json").code);
        const body = { message: CODES_SHOWN_ONCE, data: { recovery_codes: codes } };
        return c.json(success(body), 200);
      },
    )
    .openapi(
      createRoute({
        ...sensitive,
        method: "delete",
        path: "/totp",
        operationId: "disableTotp",
        summary: "Turn the authenticator app off, with the password or a current code",
        description: "Its recovery codes go too, unless a passkey remains for them to stand in " +
          "for; every other session of the caller ends and a security notice is mailed." +
          STEP_UP_NOTE,
        request: { body: jsonBody(disableTotpBody, { current_password: "example-passphrase" }) },
        responses: {
          200: ok(reply.messageBody, '"Two-step sign-in is off."'),
          ...fail(400, "Invalid payload; a `current_password` or `code` error when it is wrong."),
          ...fails(...AUTH, 413, 429, ...SERVER),
          ...fail(409, "No authenticator app is set up."),
        },
      }),
      async (c) => {
        await removeTotp(deps, caller(c), c.req.valid("json"));
        return c.json(success({ message: "Two-step sign-in is off." }), 200);
      },
    )
    .openapi(
      createRoute({
        ...sensitive,
        method: "post",
        path: "/recovery-codes",
        operationId: "regenerateRecoveryCodes",
        summary: "Replace every recovery code with 10 new ones",
        description: "For an account with an authenticator app or a passkey." + STEP_UP_NOTE,
        responses: {
          200: ok(recoveryCodesBody, "The new codes, shown this once."),
          ...fails(...AUTH, ...SERVER),
          ...fail(409, '"No second factor is set up."'),
        },
      }),
      async (c) => {
        const codes = await regenerateRecoveryCodes(deps, caller(c));
        const body = { message: CODES_SHOWN_ONCE, data: { recovery_codes: codes } };
        return c.json(success(body), 200);
      },
    )
    .openapi(
      createRoute({
        ...route,
        method: "post",
        path: "/reauthenticate",
        operationId: "reauthenticate",
        summary: "Re-check before a sensitive action: a code, or the password without a factor",
        description: "Counts as a fresh strong authentication of this session for " +
          "STEP_UP_MAX_AGE seconds. An account with an authenticator app answers with a `code` " +
          "(the app's or a recovery code); one whose only factor is a passkey, with the passkey " +
          "(`POST /auth/passkeys/reauthenticate`) or a recovery code; one without a factor, " +
          "with `current_password`. Wrong answers count against RATE_LIMIT_REAUTH_USER.",
        request: { body: jsonBody(reauthenticateBody, { current_password: "example-passphrase" }) },
        responses: {
          200: ok(reply.messageBody, '"Confirmed."'),
          ...fail(400, "Invalid payload; a `code` or `current_password` error when it is wrong."),
          ...fails(...AUTH, 413, 429, ...SERVER),
        },
      }),
      async (c) => {
        await reauthenticate(deps, caller(c), c.req.valid("json"));
        return c.json(success({ message: "Confirmed." }), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/verify",
        operationId: "verifyMfa",
        summary: "The login's second step: a code from the app, or a recovery code",
        description: "Starts the session as `POST /auth/login` does. Wrong codes count against " +
          "the login limits; the `mfa_token` dies after 5 of them or 5 minutes.",
        tags: ["mfa"],
        security: PUBLIC,
        request: { body: jsonBody(verifyMfaBody, { mfa_token: "…", code: "123456" }) },
        responses: {
          200: ok(
            reply.tokenBody,
            "Logged in: an access token, the refresh cookie and the device cookie.",
            ["Set-Cookie"],
          ),
          ...fail(400, "Invalid payload; a `code` error when it is wrong or already used."),
          ...fail(
            401,
            '"This sign-in has expired. Please log in again." with `reason: ' +
              '"mfa_token_invalid"`: the token is unknown, used, expired or out of attempts.',
            [],
          ),
          ...fail(403, '"Account disabled. Please contact us."'),
          ...fails(413, 429, ...SERVER),
        },
      }),
      async (c) => {
        const loggedIn = await verifySecondFactor(deps, c.req.valid("json"), clientOf(c, proxies));
        setDeviceCookie(c, loggedIn.device);
        const body = { message: "Successfully logged in.", ...tokenFields(c, loggedIn) };
        return c.json(success(body), 200);
      },
    );
}
