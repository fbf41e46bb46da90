import { type Context, Hono } from "hono";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { validate } from "../http/validate.ts";
import { clientIp } from "../security/client_ip.ts";
import { readDeviceCookie, setDeviceCookie } from "./device_cookie.ts";
import { type AuthEnv, requireUser } from "./middleware.ts";
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "./refresh_cookie.ts";
import { loginBody, registerBody } from "./schemas.ts";
import { type Client, logIn, logOut, refresh, register, type SignedIn } from "./service.ts";

export function authRoutes(deps: Deps) {
  const client = (c: Context): Client => ({
    ip: clientIp(c, deps.config.trustedProxies),
    userAgent: c.req.header("User-Agent") ?? null,
  });

  /** The access token in the body, the refresh token in its cookie. */
  const tokenBody = (c: Context, { access, refresh }: SignedIn, message: string) => {
    setRefreshCookie(c, refresh.token, refresh.expiresAt);
    return success({
      message,
      auth_token: access.token,
      token_type: "Bearer" as const,
      expires_in: access.expiresIn,
    });
  };

  const logout = async (c: Context<AuthEnv>) => {
    await logOut(deps, { user: c.get("user"), sessionId: c.get("sessionId"), ip: client(c).ip });
    clearRefreshCookie(c);
    return c.json(success({ message: "Successfully logged out." }), 200);
  };

  return new Hono()
    .post("/register", validate("json", registerBody), async (c) => {
      const signedIn = await register(deps, c.req.valid("json"), client(c));
      return c.json(tokenBody(c, signedIn, "Successfully registered."), 201);
    })
    .post("/login", validate("json", loginBody), async (c) => {
      const loggedIn = await logIn(deps, c.req.valid("json"), client(c), readDeviceCookie(c));
      setDeviceCookie(c, loggedIn.device);
      return c.json(tokenBody(c, loggedIn, "Successfully logged in."), 200);
    })
    .post("/refresh", async (c) => {
      const outcome = await refresh(deps, readRefreshCookie(c), client(c));
      if (!outcome.ok) {
        clearRefreshCookie(c);
        throw outcome.error;
      }
      return c.json(tokenBody(c, outcome, "Token refreshed."), 200);
    })
    .get("/logout", requireUser(deps), logout)
    .post("/logout", requireUser(deps), logout)
    .get("/status", requireUser(deps), (c) => {
      const { id, username, email, active, admin, created_at } = c.get("user");
      return c.json(success({ data: { id, username, email, active, admin, created_at } }), 200);
    });
}
