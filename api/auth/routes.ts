import { type Context, Hono } from "hono";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { validate } from "../http/validate.ts";
import { type AuthEnv, requireUser } from "./middleware.ts";
import { callerOf, clientOf, tokenFields } from "./http_context.ts";
import { clearRefreshCookie, readRefreshCookie } from "./refresh_cookie.ts";
import { loginBody, registerBody } from "./schemas.ts";
import { logIn, logOut, refresh, register, type SignedIn } from "./service.ts";

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

  return new Hono()
    .post("/register", validate("json", registerBody), async (c) => {
      const signedIn = await register(deps, c.req.valid("json"), client(c));
      return c.json(tokenBody(c, signedIn, "Successfully registered."), 201);
    })
    .post("/login", validate("json", loginBody), async (c) => {
      const signedIn = await logIn(deps, c.req.valid("json"), client(c));
      return c.json(tokenBody(c, signedIn, "Successfully logged in."), 200);
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
