/**
 * The token between a login's two steps: 256 random bits held by the client, its SHA-256 in
 * `mfa_challenges`. It proves only that the password was right a moment ago: it lives 5
 * minutes, works once, and dies after 5 codes.
 */
import { hashToken, newRefreshToken } from "../auth/refresh_token.ts";
import type { Queryable } from "../db.ts";
import { insertChallenge } from "./queries.ts";

export const MFA_TOKEN_TTL_SECONDS = 300;
export const MFA_TOKEN_MAX_ATTEMPTS = 5;

export async function startSecondStep(
  sql: Queryable,
  userId: number,
  login: { remember: boolean; knownDevice: string | undefined },
): Promise<string> {
  const token = newRefreshToken();
  await insertChallenge(sql, {
    tokenHash: await hashToken(token),
    userId,
    remember: login.remember,
    knownDevice: login.knownDevice ?? null,
    ttlSeconds: MFA_TOKEN_TTL_SECONDS,
  });
  return token;
}
