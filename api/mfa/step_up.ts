/**
 * Step-up: sensitive actions (a new password or email, adding or removing a factor, deleting an
 * account, an admin's delete or demote) need a recent strong authentication. A stolen access
 * token or an unattended signed-in browser is not enough: within STEP_UP_MAX_AGE of a login with
 * every factor the account has (password and code, or a passkey), or of a re-check
 * (`POST /auth/mfa/reauthenticate`). For an account with no factor yet, its password suffices.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { type AuthEnv, requireUser } from "../auth/middleware.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { ApiError } from "../http/errors.ts";
import { factorsOf, findAssurance } from "./queries.ts";

export const STEP_UP_REQUIRED = "Confirm it is you to continue.";
/** `amr` values that prove more than a password. */
const STRONG = new Set(["otp", "webauthn"]);

/** Throws 403 `step_up_required` unless the caller's session proved enough, recently enough. */
export async function requireRecentAuth(
  deps: { sql: Queryable; config: Pick<Deps["config"], "mfa"> },
  caller: { user: { id: number }; sessionId?: string },
): Promise<void> {
  const assurance = caller.sessionId === undefined
    ? undefined
    : await findAssurance(deps.sql, caller.sessionId);
  const recent = assurance !== undefined && assurance.ageSeconds <= deps.config.mfa.stepUpMaxAge;
  if (recent && assurance.amr.some((method) => STRONG.has(method))) return;
  if (recent && (await factorsOf(deps.sql, caller.user.id)).methods.length === 0) return;
  throw new ApiError(403, STEP_UP_REQUIRED, { reason: "step_up_required" });
}

/** The same as route middleware, after requireUser. */
export function stepUp(deps: Pick<Deps, "sql" | "config">): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    await requireRecentAuth(deps, { user: c.get("user"), sessionId: c.get("sessionId") });
    await next();
  });
}

/** What a guarded route's documentation says of the step-up. */
export const STEP_UP_NOTE = " Needs a recent strong login or re-check (403 `step_up_required`).";

/** A guarded route's middleware: a signed-in caller, then a recent strong authentication. */
export function steppedUp(deps: Deps): [MiddlewareHandler<AuthEnv>, MiddlewareHandler<AuthEnv>] {
  return [requireUser(deps), stepUp(deps)];
}
