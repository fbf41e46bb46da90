/**
 * REQUIRE_ADMIN_MFA: admins hold every account, so an admin without a second factor is sent to
 * set one up before any admin action succeeds (403 `mfa_enrollment_required`). Their own
 * account's routes (/auth/*, /auth/mfa/*) stay open, so they can.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AuthEnv } from "../auth/middleware.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { ApiError } from "../http/errors.ts";
import { factorsOf } from "./queries.ts";

export const MFA_ENROLLMENT_REQUIRED = "Set up two-step sign-in before using admin actions.";

export async function requireAdminFactor(
  deps: { sql: Queryable; config: Pick<Deps["config"], "mfa"> },
  user: { id: number; admin: boolean },
): Promise<void> {
  if (!deps.config.mfa.requireAdminMfa || !user.admin) return;
  if ((await factorsOf(deps.sql, user.id)).methods.length > 0) return;
  throw new ApiError(403, MFA_ENROLLMENT_REQUIRED, { reason: "mfa_enrollment_required" });
}

/** After requireUser and requireAdmin. */
export function adminFactorPolicy(deps: Pick<Deps, "sql" | "config">): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    await requireAdminFactor(deps, c.get("user"));
    await next();
  });
}
