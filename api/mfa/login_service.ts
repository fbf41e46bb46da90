/**
 * The login's second step: a code for the token the password step gave. Each code counts against
 * the challenge (5 at most, within 5 minutes) and against the same limits as a password
 * (`reserveLoginAttempt`: per client network, and per account and network or per known
 * browser), so whoever has the password cannot try codes faster than passwords.
 */
import { recordEvent } from "../audit/queries.ts";
import { hashToken } from "../auth/refresh_token.ts";
import { accountKey, reserveLoginAttempt } from "../auth/login_attempts.ts";
import { ACCOUNT_DISABLED } from "../auth/middleware.ts";
import { type Client, type LoggedIn, startLogin } from "../auth/service.ts";
import type { Deps } from "../deps.ts";
import { ApiError, invalidPayload } from "../http/errors.ts";
import { findUserById } from "../users/queries.ts";
import { MFA_TOKEN_MAX_ATTEMPTS } from "./challenges.ts";
import { spendChallenge, takeChallengeAttempt } from "./queries.ts";
import type { VerifyMfaBody } from "./schemas.ts";
import { spendSecondFactor } from "./service.ts";

type VerifyDeps = Pick<Deps, "sql" | "tokens" | "config" | "limiter">;

export const MFA_TOKEN_INVALID = "This sign-in has expired. Please log in again.";
const WRONG_CODE = "The code is incorrect or was already used.";

export async function verifySecondFactor(
  deps: VerifyDeps,
  body: VerifyMfaBody,
  client: Client,
): Promise<LoggedIn> {
  const { sql, limiter } = deps;
  await limiter.consume("loginIp", client.ip);
  const tokenHash = await hashToken(body.mfa_token);
  const challenge = await takeChallengeAttempt(sql, tokenHash, MFA_TOKEN_MAX_ATTEMPTS);
  if (!challenge) throw expired();
  const userId = challenge.user_id;
  const attempt = await reserveLoginAttempt(limiter, {
    account: accountKey(userId, ""),
    ip: client.ip,
    deviceId: challenge.known_device ?? undefined,
  });
  // The code and the challenge are spent together: a code is never used up by a request that
  // then finds its challenge taken by another.
  const outcome = await sql.begin(async (tx) => {
    const method = await spendSecondFactor(tx, deps, userId, body.code);
    if (method === undefined) return "wrong" as const;
    if (!(await spendChallenge(tx, tokenHash))) return "expired" as const;
    return method;
  });
  if (outcome === "expired") throw expired();
  if (outcome === "wrong") {
    // Which kind of code was tried, never the code.
    const tried = /^\s*\d{6}\s*$/.test(body.code) ? "totp" : "recovery_code";
    await recordEvent(sql, {
      action: "auth.mfa_failed",
      targetId: userId,
      detail: { method: tried },
      ip: client.ip,
    });
    throw invalidPayload([{ field: "code", message: WRONG_CODE }]);
  }
  await attempt.succeeded();
  const user = await findUserById(sql, userId);
  if (!user?.active) throw new ApiError(403, ACCOUNT_DISABLED);
  return await startLogin(deps, user, {
    remember: challenge.remember,
    knownDevice: challenge.known_device ?? undefined,
    amr: ["pwd", "otp"],
    method: outcome,
  }, client);
}

function expired(): ApiError {
  return new ApiError(401, MFA_TOKEN_INVALID, { reason: "mfa_token_invalid" });
}
