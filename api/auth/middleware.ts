/**
 * Authentication (who is calling: a valid token of an existing user) and authorization
 * (what they may do: `active`, `admin`). The user and the session come from the auth cache
 * (api/auth_cache/): this process's memory while it provably hears every change to them, else
 * PostgreSQL. A request that deactivates, demotes or revokes answers only once no replica can
 * still answer from the old rows, so such a change takes effect at once everywhere.
 */
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { sessionAccepts } from "../auth_cache/auth_cache.ts";
import type { Deps } from "../deps.ts";
import { forbidden, unauthorized } from "../http/errors.ts";
import type { User } from "../users/queries.ts";
import { InvalidTokenError, TokenExpiredError } from "./tokens.ts";

type Identity = { user: User; sessionId: string; tokenGeneration: number };
export type AuthEnv = {
  Variables: { user: User; sessionId: string; tokenGeneration: number; userId?: number };
};
export type ViewerEnv = { Variables: { viewer: User | null; userId?: number } };

const PROVIDE_TOKEN = "Provide a valid auth token.";
const INVALID_TOKEN = "Invalid token. Please log in again.";
const EXPIRED_TOKEN = "Signature expired. Please log in again.";
export const SESSION_EXPIRED = "Session expired. Please log in again.";
export const ACCOUNT_DISABLED = "Account disabled. Please contact us.";

/** Requires a valid token of an active user; sets `user`. */
export function requireUser(deps: Deps): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = bearerToken(c);
    if (token === undefined) throw unauthorized(PROVIDE_TOKEN, false);
    const { user, sessionId, tokenGeneration } = await identify(deps, token);
    c.set("user", user);
    c.set("sessionId", sessionId);
    c.set("tokenGeneration", tokenGeneration);
    c.set("userId", user.id);
    await next();
  });
}

/** Like requireUser, but anonymous callers pass with `viewer` null. A bad token still fails. */
export function identifyViewer(deps: Deps): MiddlewareHandler<ViewerEnv> {
  return createMiddleware<ViewerEnv>(async (c, next) => {
    const token = bearerToken(c);
    const viewer = token === undefined ? null : (await identify(deps, token)).user;
    c.set("viewer", viewer);
    if (viewer) c.set("userId", viewer.id);
    await next();
  });
}

export const requireAdmin: MiddlewareHandler<AuthEnv> = createMiddleware<AuthEnv>(
  async (c, next) => {
    if (!c.get("user").admin) throw forbidden();
    await next();
  },
);

/** The token of an `Authorization: Bearer …` header; undefined when there is no header. */
function bearerToken(c: Context): string | undefined {
  const header = c.req.header("Authorization");
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9_.~+/-]+=*) *$/i.exec(header);
  if (!match) throw unauthorized(PROVIDE_TOKEN, false);
  return match[1];
}

async function identify(deps: Deps, token: string): Promise<Identity> {
  let claims;
  try {
    claims = await deps.tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenExpiredError) throw unauthorized(EXPIRED_TOKEN, true);
    if (error instanceof InvalidTokenError) throw unauthorized(INVALID_TOKEN, true);
    throw error;
  }
  const found = await deps.authCache.lookup(claims.userId, claims.sessionId);
  if (!found) throw unauthorized(INVALID_TOKEN, true);
  if (!sessionAccepts(found.session, claims.userId, claims.generation)) {
    throw unauthorized(SESSION_EXPIRED, true);
  }
  if (!found.user.active) throw forbidden(ACCOUNT_DISABLED);
  return { user: found.user, sessionId: claims.sessionId, tokenGeneration: claims.generation };
}
