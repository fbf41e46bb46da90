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

/** A second step under way: its challenge (one attempt taken) and its reserved login attempt. */
export type SecondStep = {
  tokenHash: string;
  challenge: NonNullable<Awaited<ReturnType<typeof takeChallengeAttempt>>>;
  attempt: Awaited<ReturnType<typeof reserveLoginAttempt>>;
};

/**
 * What every kind of second step does first: counts the try against the client's network, takes
 * one of the mfa_token's attempts (401 once it is dead) and reserves a login attempt as a
 * password would.
 */
export async function openSecondStep(
  deps: Pick<VerifyDeps, "sql" | "limiter">,
  mfaToken: string,
  client: Client,
): Promise<SecondStep> {
  const { sql, limiter } = deps;
  await limiter.consume("loginIp", client.ip);
  const tokenHash = await hashToken(mfaToken);
  const challenge = await takeChallengeAttempt(sql, tokenHash, MFA_TOKEN_MAX_ATTEMPTS);
  if (!challenge) throw secondStepExpired();
  const attempt = await reserveLoginAttempt(limiter, {
    account: accountKey(challenge.user_id, ""),
    ip: client.ip,
    deviceId: challenge.known_device ?? undefined,
  });
  return { tokenHash, challenge, attempt };
}

/** A passed second step: the attempt is given back and the session starts as a login's does. */
export async function finishSecondStep(
  deps: VerifyDeps,
  { challenge, attempt }: SecondStep,
  login: { amr: string[]; method: string },
  client: Client,
): Promise<LoggedIn> {
  await attempt.succeeded();
  const user = await findUserById(deps.sql, challenge.user_id);
  if (!user?.active) throw new ApiError(403, ACCOUNT_DISABLED);
  return await startLogin(deps, user, {
    remember: challenge.remember,
    knownDevice: challenge.known_device ?? undefined,
    ...login,
  }, client);
}

export async function verifySecondFactor(
  deps: VerifyDeps,
  body: VerifyMfaBody,
  client: Client,
): Promise<LoggedIn> {
  const step = await openSecondStep(deps, body.mfa_token, client);
  const userId = step.challenge.user_id;
  // The code and the challenge are spent together: a code is never used up by a request that
  // then finds its challenge taken by another.
  const outcome = await deps.sql.begin(async (tx) => {
    const method = await spendSecondFactor(tx, deps, userId, body.code);
    if (method === undefined) return "wrong" as const;
    if (!(await spendChallenge(tx, step.tokenHash))) return "expired" as const;
    return method;
  });
  if (outcome === "expired") throw secondStepExpired();
  if (outcome === "wrong") {
    // Which kind of code was tried, never the code.
    const tried = /^\s*\d{6}\s*$/.test(body.code) ? "totp" : "recovery_code";
    await recordEvent(deps.sql, {
      action: "auth.mfa_failed",
      targetId: userId,
      detail: { method: tried },
      ip: client.ip,
    });
    throw invalidPayload([{ field: "code", message: WRONG_CODE }]);
  }
  return await finishSecondStep(deps, step, { amr: ["pwd", "otp"], method: outcome }, client);
}

/** The answer to a dead mfa_token: the app goes back to the password. */
export function secondStepExpired(): ApiError {
  return new ApiError(401, MFA_TOKEN_INVALID, { reason: "mfa_token_invalid" });
}
