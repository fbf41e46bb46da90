/** /auth/email/* and /auth/password/{forgot,reset}: the mailed links' flows, HTTP only. */
import type { Context } from "hono";
import { clientOf } from "../auth/http_context.ts";
import { identifyViewer } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { invalidPayload } from "../http/errors.ts";
import { fail, fails, ok, OPTIONAL_BEARER, PUBLIC, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, router } from "../openapi/router.ts";
import { requestPasswordReset, resetPassword } from "./recovery_service.ts";
import {
  forgotPasswordBody,
  resendVerificationBody,
  resetPasswordBody,
  verifyEmailBody,
} from "./schemas.ts";
import { INVALID_LINK } from "./token_service.ts";
import {
  resendOwnVerification,
  resendVerificationTo,
  verifyEmail,
} from "./verification_service.ts";

export const RESET_LINK_SENT = "If that address has an account, a reset link is on its way.";
export const VERIFICATION_SENT =
  "If that address has an account waiting for confirmation, a new link is on its way.";

const EXAMPLE_TOKEN = "q9Xw0mJ1r2T3y4U5i6O7pA.Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W";
const INVALID = `\`invalid_token\` ("${INVALID_LINK}", field \`token\`): wrong, expired, ` +
  "used, superseded, or for another purpose; or invalid payload.";

export function emailRoutes(deps: Deps) {
  const client = (c: Context) => clientOf(c, deps.config.trustedProxies);
  const limited = fail(
    429,
    "Too many mails to this address or from this network: try again after `Retry-After` " +
      "seconds. Unknown addresses are counted alike.",
    ["Retry-After"],
  );

  return router()
    .openapi(
      createRoute({
        method: "post",
        path: "/email/verify",
        operationId: "verifyEmail",
        summary: "Confirm an address with the token of a verification or email-change link",
        tags: ["email"],
        security: PUBLIC,
        request: { body: jsonBody(verifyEmailBody, { token: EXAMPLE_TOKEN }) },
        responses: {
          200: ok(reply.verifiedBody, "The address is confirmed (or the account moved to it)."),
          ...fail(400, INVALID),
          ...fail(409, `"That address now belongs to another account." (an email change).`),
          ...fails(413, ...SERVER),
        },
      }),
      async (c) => {
        const verified = await verifyEmail(deps, c.req.valid("json").token, client(c));
        const message = verified.purpose === "verify"
          ? "Email address confirmed."
          : "Email address changed.";
        return c.json(success({ message, data: verified }), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/email/resend",
        operationId: "resendVerification",
        summary: "Send a new verification link",
        description: "With a token: to the caller's own address (no body). Without: to `email`, " +
          "with the same answer whether or not it has an account waiting for confirmation.",
        tags: ["email"],
        security: OPTIONAL_BEARER,
        middleware: [identifyViewer(deps)] as const,
        request: {
          body: {
            ...jsonBody(resendVerificationBody, { email: "grace@example.com" }),
            required: false,
          },
        },
        responses: {
          202: ok(reply.messageBody, "Accepted: a link is sent if one is due."),
          ...fails(400, 401, 403, 413),
          ...limited,
          ...fails(...SERVER),
        },
      }),
      async (c) => {
        const viewer = c.get("viewer");
        if (viewer) {
          await resendOwnVerification(deps, { user: viewer, ip: client(c).ip });
          return c.json(success({ message: "A new confirmation link is on its way." }), 202);
        }
        const { email } = c.req.valid("json");
        if (email === undefined) {
          throw invalidPayload([{ field: "email", message: "Email is required." }]);
        }
        await resendVerificationTo(deps, email, client(c));
        return c.json(success({ message: VERIFICATION_SENT }), 202);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/password/forgot",
        operationId: "forgotPassword",
        summary: "Mail a password reset link",
        description:
          "The same answer, in the same time, whether or not the address has an account.",
        tags: ["email"],
        security: PUBLIC,
        request: { body: jsonBody(forgotPasswordBody, { email: "grace@example.com" }) },
        responses: {
          202: ok(reply.messageBody, `"${RESET_LINK_SENT}"`),
          ...fails(400, 413),
          ...limited,
          ...fails(...SERVER),
        },
      }),
      async (c) => {
        await requestPasswordReset(deps, c.req.valid("json").email, client(c));
        return c.json(success({ message: RESET_LINK_SENT }), 202);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/password/reset",
        operationId: "resetPassword",
        summary: "Set a new password with a reset link's token; every session ends",
        tags: ["email"],
        security: PUBLIC,
        request: {
          body: jsonBody(resetPasswordBody, {
            token: EXAMPLE_TOKEN,
            password: "a new passphrase",
          }),
        },
        responses: {
          200: ok(reply.messageBody, '"Password changed. Log in with your new password."'),
          ...fail(400, `${INVALID} A \`password\` error when it breaks a rule.`),
          ...fails(413, ...SERVER),
        },
      }),
      async (c) => {
        await resetPassword(deps, c.req.valid("json"), client(c));
        return c.json(
          success({ message: "Password changed. Log in with your new password." }),
          200,
        );
      },
    );
}
