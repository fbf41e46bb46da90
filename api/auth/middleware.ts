/**
 * Authentication (who is calling: a valid token of an existing user) and authorization
 * (what they may do: `active`, `admin`). The user is re-read on every request, so
 * deactivating or demoting someone takes effect at once.
 */
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Deps } from "../deps.ts";
import { forbidden, unauthorized } from "../http/errors.ts";
import { findUserById, type User } from "../users/queries.ts";
import { InvalidTokenError, TokenExpiredError } from "./tokens.ts";

export type AuthEnv = { Variables: { user: User } };
export type ViewerEnv = { Variables: { viewer: User | null } };

const PROVIDE_TOKEN = "Provide a valid auth token.";
const INVALID_TOKEN = "Invalid token. Please log in again.";
const EXPIRED_TOKEN = "Signature expired. Please log in again.";
export const ACCOUNT_DISABLED = "Account disabled. Please contact us.";

/** Requires a valid token of an active user; sets `user`. */
export function requireUser(deps: Deps): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = bearerToken(c);
    if (token === undefined) throw unauthorized(PROVIDE_TOKEN, false);
    c.set("user", await userForToken(deps, token));
    await next();
  });
}

/** Like requireUser, but anonymous callers pass with `viewer` null. A bad token still fails. */
export function identifyViewer(deps: Deps): MiddlewareHandler<ViewerEnv> {
  return createMiddleware<ViewerEnv>(async (c, next) => {
    const token = bearerToken(c);
    c.set("viewer", token === undefined ? null : await userForToken(deps, token));
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

async function userForToken(deps: Deps, token: string): Promise<User> {
  let userId: number;
  try {
    ({ userId } = await deps.tokens.verify(token));
  } catch (error) {
    if (error instanceof TokenExpiredError) throw unauthorized(EXPIRED_TOKEN, true);
    if (error instanceof InvalidTokenError) throw unauthorized(INVALID_TOKEN, true);
    throw error;
  }
  const user = await findUserById(deps.sql, userId);
  if (!user) throw unauthorized(INVALID_TOKEN, true);
  if (!user.active) throw forbidden(ACCOUNT_DISABLED);
  return user;
}
