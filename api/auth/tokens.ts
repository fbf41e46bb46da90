/**
 * Access tokens: HS256 JWTs carrying the user id in `sub`, the session in `sid` and the session's
 * token generation in `gen` (a session can refuse its older access tokens). Only HS256 is ever
 * accepted.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { isUuid } from "../http/ids.ts";

export type IssuedToken = { token: string; expiresIn: number };
export type TokenClaims = {
  userId: number;
  sessionId: string;
  /** 0 for tokens issued before generations existed. */
  generation: number;
  jti: string;
  issuedAt: number;
  expiresAt: number;
};

export type Tokens = {
  /**
   * A token for a session at one of its generations; it expires after the configured lifetime,
   * or at `notAfter` (the session's end) if that comes first.
   */
  issue(
    userId: number,
    sessionId: string,
    session: { generation: number; notAfter: Date },
  ): Promise<IssuedToken>;
  /** Throws TokenExpiredError or InvalidTokenError. */
  verify(token: string): Promise<TokenClaims>;
};

export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}
export class TokenExpiredError extends Error {
  override name = "TokenExpiredError";
}

const ALGORITHM = "HS256";
// Replicas share one clock source in practice; allow only a little drift for `iat`.
const CLOCK_SKEW_SECONDS = 5;

export function createTokens(options: { secretKey: string; ttlSeconds: number }): Tokens {
  const key = new TextEncoder().encode(options.secretKey);
  return {
    async issue(userId, sessionId, session) {
      const now = Math.floor(Date.now() / 1000);
      const sessionLeft = Math.floor(session.notAfter.getTime() / 1000) - now;
      const expiresIn = Math.max(1, Math.min(options.ttlSeconds, sessionLeft));
      const token = await new SignJWT({ sid: sessionId, gen: session.generation })
        .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
        .setSubject(String(userId))
        .setIssuedAt(now)
        .setExpirationTime(now + expiresIn)
        .setJti(crypto.randomUUID())
        .sign(key);
      return { token, expiresIn };
    },
    async verify(token) {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          requiredClaims: ["sub", "iat", "exp", "jti", "sid"],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new TokenExpiredError("token expired");
        throw new InvalidTokenError(error instanceof Error ? error.message : "invalid token");
      }
      const { sub, jti, iat, exp, sid, gen = 0 } = payload;
      if (
        typeof sub !== "string" || !/^[1-9]\d{0,15}$/.test(sub) || typeof jti !== "string" ||
        typeof sid !== "string" || !isUuid(sid) || !Number.isSafeInteger(gen) || Number(gen) < 0
      ) {
        throw new InvalidTokenError("malformed claims");
      }
      if (typeof iat !== "number" || iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
        throw new InvalidTokenError("issued in the future");
      }
      return {
        userId: Number(sub),
        sessionId: sid,
        generation: gen as number,
        jti,
        issuedAt: iat,
        expiresAt: exp as number,
      };
    },
  };
}
