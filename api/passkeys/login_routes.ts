/**
 * /auth/login/passkey: signing in with a passkey, no email typed. Under /auth/login so that the
 * browser's device cookie (Path=/auth/login) comes along, as with a password login.
 *
 * The challenge is bound to the browser that asked for it by a ceremony cookie: 256 random bits,
 * HttpOnly, SameSite=Strict, Path=/auth/login/passkey, 5 minutes; the server keeps its SHA-256
 * beside the challenge. A challenge seen elsewhere (a phishing page relaying it, a log) cannot
 * be answered from another browser, and no session exists yet to bind it to.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { readDeviceCookie, setDeviceCookie } from "../auth/device_cookie.ts";
import { clientOf, tokenFields } from "../auth/http_context.ts";
import { newRefreshToken } from "../auth/refresh_token.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { cameOverHttps } from "../http/request_shape.ts";
import { fail, fails, ok, PUBLIC, SERVER } from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, router } from "../openapi/router.ts";
import { CHALLENGE_TTL_SECONDS } from "./ceremony.ts";
import { exampleAssertion } from "./step_routes.ts";
import { optionsBody, passkeyLoginBody } from "./schemas.ts";
import { PASSKEY_REFUSED, signInOptions, signInWithPasskey } from "./sign_in.ts";

export const CEREMONY_COOKIE = "passkey_ceremony";
const PATH = "/auth/login/passkey";

function cookieOptions(c: Context) {
  return { httpOnly: true, sameSite: "Strict" as const, path: PATH, secure: cameOverHttps(c) };
}

function readCeremony(c: Context): string | undefined {
  const value = getCookie(c, CEREMONY_COOKIE);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function passkeyLoginRoutes(deps: Deps) {
  const proxies = deps.config.trustedProxies;
  return router()
    .openapi(
      createRoute({
        method: "post",
        path: "/passkey/options",
        operationId: "passkeyLoginOptions",
        summary: "Start signing in with a passkey: options for `navigator.credentials.get()`",
        description: "No email: any passkey of this site may answer (discoverable credentials), " +
          "with user verification. Sets the `passkey_ceremony` cookie (HttpOnly, " +
          "SameSite=Strict, 5 minutes) that the challenge is bound to.",
        tags: ["passkeys"],
        security: PUBLIC,
        responses: {
          200: ok(optionsBody, "`PublicKeyCredentialRequestOptionsJSON`.", ["Set-Cookie"]),
          ...fails(429, ...SERVER),
        },
      }),
      async (c) => {
        await deps.limiter.consume("loginIp", clientOf(c, proxies).ip);
        const ceremony = newRefreshToken();
        const data = await signInOptions(deps, ceremony);
        setCookie(c, CEREMONY_COOKIE, ceremony, {
          ...cookieOptions(c),
          maxAge: CHALLENGE_TTL_SECONDS,
        });
        return c.json(success({ data }), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/passkey",
        operationId: "passkeyLogin",
        summary: "Sign in with a passkey and start a session",
        description: "Starts the session as a password login and its second step do " +
          '(`amr: ["webauthn"]`: a user-verified passkey counts as two factors). Refusals are ' +
          "audited and count against the login limits.",
        tags: ["passkeys"],
        security: PUBLIC,
        request: { body: jsonBody(passkeyLoginBody, { response: exampleAssertion }) },
        responses: {
          200: ok(
            reply.tokenBody,
            "Logged in: an access token, the refresh cookie and the device cookie.",
            ["Set-Cookie"],
          ),
          ...fails(400, 413, 429, ...SERVER),
          ...fail(
            401,
            `"${PASSKEY_REFUSED}": the challenge is unknown, used, expired or of another ` +
              "browser, the passkey is unknown, or its answer does not verify.",
            [],
          ),
          ...fail(403, '"Account disabled. Please contact us."'),
        },
      }),
      async (c) => {
        const ceremony = readCeremony(c);
        // The ceremony is over whatever happens: its cookie goes.
        deleteCookie(c, CEREMONY_COOKIE, cookieOptions(c));
        const loggedIn = await signInWithPasskey(
          deps,
          c.req.valid("json"),
          ceremony,
          clientOf(c, proxies),
          readDeviceCookie(c),
        );
        setDeviceCookie(c, loggedIn.device);
        const body = { message: "Successfully logged in.", ...tokenFields(c, loggedIn) };
        return c.json(success(body), 200);
      },
    );
}
