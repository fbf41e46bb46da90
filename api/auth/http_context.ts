/** What the /auth routes read from a request and write to a response, in one place. */
import type { Context } from "hono";
import { clientIp } from "../security/client_ip.ts";
import type { AuthEnv } from "./middleware.ts";
import { setRefreshCookie } from "./refresh_cookie.ts";
import type { Caller, Client } from "./service.ts";
import type { SignedIn } from "./session_service.ts";

export function clientOf(c: Context, trustedProxies: string[]): Client {
  return { ip: clientIp(c, trustedProxies), userAgent: c.req.header("User-Agent") ?? null };
}

export function callerOf(c: Context<AuthEnv>, trustedProxies: string[]): Caller {
  return {
    ...clientOf(c, trustedProxies),
    user: c.get("user"),
    sessionId: c.get("sessionId"),
    accessGeneration: c.get("tokenGeneration"),
  };
}

/** The refresh token goes into its cookie; the access token's fields go into the body. */
export function tokenFields(c: Context, { access, refresh }: SignedIn) {
  setRefreshCookie(c, refresh);
  return {
    auth_token: access.token,
    token_type: "Bearer" as const,
    expires_in: access.expiresIn,
  };
}
