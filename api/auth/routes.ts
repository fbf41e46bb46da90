import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import {
  AUTH,
  BEARER,
  fail,
  fails,
  ok,
  PUBLIC,
  REFRESH_COOKIE,
  SERVER,
} from "../openapi/replies.ts";
import * as reply from "../openapi/responses.ts";
import { createRoute, jsonBody, router } from "../openapi/router.ts";
import { readDeviceCookie, setDeviceCookie } from "./device_cookie.ts";
import { type AuthEnv, requireUser } from "./middleware.ts";
import { callerOf, clientOf, tokenFields } from "./http_context.ts";
import { clearRefreshCookie, readRefreshCookie } from "./refresh_cookie.ts";
import { loginBody, registerBody } from "./schemas.ts";
import { mfaRequiredBody } from "../mfa/schemas.ts";
import { EMAIL_UNVERIFIED, logIn, logOut, refresh, register, type SignedIn } from "./service.ts";

const TOKEN = ["Set-Cookie" as const];
const REGISTRATION_PENDING = "Check your email to finish registering.";
const SECOND_FACTOR_REQUIRED = "Second factor required." as const;
const examplePassword = "example-passphrase";

export function authRoutes(deps: Deps) {
  const proxies = deps.config.trustedProxies;
  const client = (c: Context) => clientOf(c, proxies);
  const tokenBody = (c: Context, signedIn: SignedIn, message: string) =>
    success({ message, ...tokenFields(c, signedIn) });

  const logout = async (c: Context<AuthEnv>) => {
    await logOut(deps, callerOf(c, proxies));
    clearRefreshCookie(c);
    return c.json(success({ message: "Successfully logged out." }), 200);
  };

  const auth: [MiddlewareHandler<AuthEnv>] = [requireUser(deps)];
  const logoutRoute = {
    summary: "Log out: the session ends at once and the refresh cookie is cleared",
    tags: ["auth"],
    security: BEARER,
    middleware: auth,
    responses: { 200: ok(reply.messageBody, "Logged out.", TOKEN), ...fails(...AUTH, ...SERVER) },
  };

  return router()
    .openapi(
      createRoute({
        method: "post",
        path: "/register",
        operationId: "register",
        summary: "Register and start a session",
        tags: ["auth"],
        security: PUBLIC,
        request: {
          body: jsonBody(registerBody, {
            username: "grace",
            email: "grace@example.com",
            password: examplePassword,
          }),
        },
        description: "A verification link goes to the address. With REQUIRE_EMAIL_VERIFICATION " +
          "the answer is 202 without a session, the same whether or not the address already " +
          "has an account (its owner is told by mail).",
        responses: {
          201: ok(
            reply.tokenBody,
            "Registered: an access token, the refresh cookie and the device cookie.",
            TOKEN,
          ),
          202: ok(reply.messageBody, `"${REGISTRATION_PENDING}"`),
          ...fails(400, 413, 429, ...SERVER),
          ...fail(
            409,
            '"Sorry. That user already exists." (with REQUIRE_EMAIL_VERIFICATION, only for a ' +
              "taken username).",
          ),
        },
      }),
      async (c) => {
        const registered = await register(deps, c.req.valid("json"), client(c));
        if (registered.pending) {
          return c.json(success({ message: REGISTRATION_PENDING }), 202);
        }
        setDeviceCookie(c, registered.device);
        return c.json(tokenBody(c, registered, "Successfully registered."), 201);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/login",
        operationId: "login",
        summary: "Log in and start a session",
        tags: ["auth"],
        security: PUBLIC,
        request: {
          body: jsonBody(loginBody, { email: "grace@example.com", password: examplePassword }),
        },
        responses: {
          200: ok(
            z.union([reply.tokenBody, mfaRequiredBody]),
            "Logged in: an access token, the refresh cookie, and the device cookie " +
              "(`login_device`) that keeps this browser known to the account. For an account " +
              'with a second factor, `"Second factor required."` with an `mfa_token` for ' +
              "`POST /auth/mfa/verify` and the `methods` it accepts, and no session yet.",
            TOKEN,
          ),
          ...fails(400, 413, 429, ...SERVER),
          ...fail(401, '"Invalid email or password." (the same for an unknown email).', []),
          ...fail(
            403,
            '"Account disabled. Please contact us.", or with REQUIRE_EMAIL_VERIFICATION ' +
              `"${EMAIL_UNVERIFIED}" with \`reason: "email_unverified"\` (no mail is sent: ` +
              "`POST /auth/email/resend` asks for one).",
          ),
          ...fail(
            503,
            "The database is unavailable, or too many logins are waiting for a password " +
              "comparison: try again after `Retry-After` seconds.",
            ["Retry-After"],
          ),
        },
      }),
      async (c) => {
        const loggedIn = await logIn(deps, c.req.valid("json"), client(c), readDeviceCookie(c));
        if (loggedIn.mfa) {
          const { mfaToken, methods } = loggedIn;
          const body = { message: SECOND_FACTOR_REQUIRED, mfa_token: mfaToken, methods } as const;
          return c.json(success(body), 200);
        }
        setDeviceCookie(c, loggedIn.device);
        return c.json(tokenBody(c, loggedIn, "Successfully logged in."), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/refresh",
        operationId: "refresh",
        summary: "Exchange the refresh cookie for a new access token and a rotated cookie",
        description: "A rotated token presented again after the grace period revokes its session.",
        tags: ["auth"],
        security: REFRESH_COOKIE,
        responses: {
          200: ok(reply.tokenBody, "A new access token, and the rotated refresh cookie.", TOKEN),
          ...fail(401, '"Session expired. Please log in again."; the cookie is cleared.'),
          ...fail(403, '"Account disabled. Please contact us."; the cookie is cleared.'),
          ...fails(429, ...SERVER),
        },
      }),
      async (c) => {
        const outcome = await refresh(deps, readRefreshCookie(c), client(c));
        if (!outcome.ok) {
          clearRefreshCookie(c);
          throw outcome.error;
        }
        return c.json(tokenBody(c, outcome, "Token refreshed."), 200);
      },
    )
    .openapi(
      createRoute({ ...logoutRoute, method: "get", path: "/logout", operationId: "logoutByGet" }),
      (c) => logout(c),
    )
    .openapi(
      createRoute({ ...logoutRoute, method: "post", path: "/logout", operationId: "logout" }),
      (c) => logout(c),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/status",
        operationId: "status",
        summary: "The caller's own account",
        tags: ["auth"],
        security: BEARER,
        middleware: auth,
        responses: {
          200: ok(reply.statusBody, "The caller's account."),
          ...fails(...AUTH, ...SERVER),
        },
      }),
      (c) => {
        const { id, username, email, active, admin, email_verified_at, created_at } = c.get("user");
        const data = { id, username, email, active, admin, email_verified_at, created_at };
        return c.json(success({ data }), 200);
      },
    );
}
