import { type Context, Hono } from "hono";
import type { Deps } from "../deps.ts";
import { ApiError, unauthorized } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { clientIp } from "../security/client_ip.ts";
import { recordEvent } from "../audit/queries.ts";
import { findUserById, findUserWithHashByEmail } from "../users/queries.ts";
import { createAccount } from "../users/service.ts";
import { loginBody, registerBody } from "../users/schemas.ts";
import { ACCOUNT_DISABLED, type AuthEnv, requireUser, SESSION_EXPIRED } from "./middleware.ts";
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "./refresh_cookie.ts";
import { revokeSession, rotateSession, type SessionMeta, startSession } from "./sessions.ts";

const INVALID_CREDENTIALS = "Invalid email or password.";

export function authRoutes(deps: Deps) {
  const { sql, passwords, tokens, config, limiter } = deps;
  const ipOf = (c: Context) => clientIp(c, config.trustedProxies);

  /** The access token in the body, the refresh token in its cookie. */
  async function tokenResponse(
    c: Context,
    refresh: { familyId: string; userId: number; token: string; expiresAt: Date },
    message: string,
  ) {
    const { token, expiresIn } = await tokens.issue(refresh.userId, refresh.familyId);
    setRefreshCookie(c, refresh.token, refresh.expiresAt);
    return {
      status: "success" as const,
      message,
      auth_token: token,
      token_type: "Bearer" as const,
      expires_in: expiresIn,
    };
  }

  const meta = (c: Context): SessionMeta => ({
    userAgent: c.req.header("User-Agent") ?? null,
    ip: ipOf(c),
  });

  const logout = async (c: Context<AuthEnv>) => {
    await sql.begin(async (tx) => {
      await revokeSession(tx, c.get("sessionId"));
      await recordEvent(tx, {
        action: "auth.logout",
        actorId: c.get("user").id,
        targetId: c.get("user").id,
        ip: ipOf(c),
      });
    });
    clearRefreshCookie(c);
    return c.json({ status: "success" as const, message: "Successfully logged out." }, 200);
  };

  return new Hono()
    .post("/register", validate("json", registerBody), async (c) => {
      await limiter.consume("registerIp", ipOf(c));
      const user = await createAccount(sql, passwords, c.req.valid("json"), { ip: ipOf(c) });
      const session = await startSession(sql, user.id, config.refreshTokenTtl, meta(c));
      return c.json(await tokenResponse(c, session, "Successfully registered."), 201);
    })
    .post("/login", validate("json", loginBody), async (c) => {
      const { email, password } = c.req.valid("json");
      // Every attempt counts against the client; only failures count against the account, so a
      // person who mistypes a few times is not locked out by their own successes.
      await limiter.consume("loginIp", ipOf(c));
      await limiter.check("loginEmail", email);
      const user = await findUserWithHashByEmail(sql, email);
      // An unknown email costs a full bcrypt comparison too, so timing does not reveal accounts.
      const matches = user
        ? await passwords.verify(password, user.password_hash)
        : await passwords.verifyDummy(password);
      if (!user || !matches) {
        await limiter.hit("loginEmail", email);
        await recordEvent(sql, {
          action: "auth.login_failed",
          targetId: user?.id,
          detail: { email },
          ip: ipOf(c),
        });
        throw new ApiError(401, INVALID_CREDENTIALS);
      }
      await limiter.reset("loginEmail", email);
      if (!user.active) throw new ApiError(403, ACCOUNT_DISABLED);
      const session = await sql.begin(async (tx) => {
        const started = await startSession(tx, user.id, config.refreshTokenTtl, meta(c));
        await recordEvent(tx, {
          action: "auth.login",
          actorId: user.id,
          targetId: user.id,
          ip: ipOf(c),
        });
        return started;
      });
      return c.json(await tokenResponse(c, session, "Successfully logged in."), 200);
    })
    .post("/refresh", async (c) => {
      await limiter.consume("refreshIp", ipOf(c));
      const presented = readRefreshCookie(c);
      const result = presented === undefined ? undefined : await rotateSession(
        sql,
        presented,
        config.refreshTokenTtl,
        meta(c),
        config.refreshReuseGrace,
      );
      if (!result?.ok) {
        clearRefreshCookie(c);
        throw unauthorized(SESSION_EXPIRED, presented !== undefined);
      }
      const user = await findUserById(sql, result.userId);
      if (!user?.active) {
        await revokeSession(sql, result.familyId);
        clearRefreshCookie(c);
        throw new ApiError(403, ACCOUNT_DISABLED);
      }
      return c.json(await tokenResponse(c, result, "Token refreshed."), 200);
    })
    .get("/logout", requireUser(deps), logout)
    .post("/logout", requireUser(deps), logout)
    .get("/status", requireUser(deps), (c) => {
      const { id, username, email, active, admin, created_at } = c.get("user");
      return c.json({
        status: "success" as const,
        data: { id, username, email, active, admin, created_at },
      }, 200);
    });
}
