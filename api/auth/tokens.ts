/**
 * Access tokens: JWTs signed with the current signing key (EdDSA or ES256, `kid` in the header),
 * carrying the user id in `sub`, the session in `sid`, the session's token generation in `gen` (a
 * session can refuse its older access tokens), `iss` (PUBLIC_URL), `aud` (TOKEN_AUDIENCE) and, for
 * other services, the user's `admin` and `active` flags as they were at issue, and the session's
 * `amr` and `auth_time`.
 *
 * Tokens from before signing keys existed are HS256 with SECRET_KEY: one is still accepted until
 * it expires, if its `iat` precedes the first key's creation. None is issued any more.
 */
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { isUuid } from "../http/ids.ts";
import type { Keyring } from "../keys/keyring.ts";

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
/** Who a token is for: the flags are a convenience for other services, never read back here. */
export type TokenSubject = { userId: number; admin: boolean; active: boolean };

export type Tokens = {
  /**
   * A token for a session at one of its generations; it expires after the configured lifetime,
   * or at `notAfter` (the session's end) if that comes first.
   */
  issue(
    subject: TokenSubject,
    sessionId: string,
    session: { generation: number; notAfter: Date; amr?: string[]; authTime?: Date },
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

const LEGACY_ALGORITHM = "HS256";
// Replicas share one clock source in practice; allow only a little drift for `iat`.
const CLOCK_SKEW_SECONDS = 5;
const REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti", "sid"];
// Verified tokens remembered by their exact text: a signature check is the largest cost of an
// authenticated request (docs/profiles/). What a token says never changes, and its key stays
// published past its expiry; only verified tokens get in, so forged ones cannot fill it.
const VERIFIED_MAX = 20_000;

export type TokenOptions = {
  keyring: Keyring;
  /** The `iss` of every token: PUBLIC_URL. */
  issuer: string;
  /** The `aud` of every token; a token naming none of them is refused. */
  audience: string[];
  ttlSeconds: number;
  /** Verifies the HS256 tokens issued before the first signing key. */
  secretKey: string;
};

export function createTokens(options: TokenOptions): Tokens {
  const { keyring, issuer, audience } = options;
  const legacyKey = new TextEncoder().encode(options.secretKey);
  const aud = audience.length === 1 ? audience[0] : audience;

  async function verified(token: string) {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidTokenError("malformed token");
    }
    if (header.alg === LEGACY_ALGORITHM) {
      const { payload } = await jwtVerify(token, legacyKey, {
        algorithms: [LEGACY_ALGORITHM],
        requiredClaims: REQUIRED_CLAIMS,
      });
      // Only tokens the previous release issued; its key signs nothing any more. `iat` is in
      // whole seconds: one from the second the first key was made is refused too.
      const firstKey = Math.floor(keyring.firstKeyCreatedAt().getTime() / 1000);
      if (typeof payload.iat !== "number" || payload.iat >= firstKey) {
        throw new InvalidTokenError("HS256 token issued after the switch to signing keys");
      }
      return payload;
    }
    if (typeof header.kid !== "string") throw new InvalidTokenError("no kid");
    const key = await keyring.verificationKey(header.kid);
    if (!key) throw new InvalidTokenError("unknown kid");
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
      issuer,
      audience,
      requiredClaims: REQUIRED_CLAIMS,
    });
    return payload;
  }

  const remembered = new Map<string, TokenClaims>();

  return {
    async issue(subject, sessionId, session) {
      const key = keyring.signingKey();
      const now = Math.floor(Date.now() / 1000);
      const sessionLeft = Math.floor(session.notAfter.getTime() / 1000) - now;
      const expiresIn = Math.max(1, Math.min(options.ttlSeconds, sessionLeft));
      const token = await new SignJWT({
        sid: sessionId,
        gen: session.generation,
        admin: subject.admin,
        active: subject.active,
        // What the login proved and when (RFC 8176, OpenID Connect's `auth_time`), for other
        // services that want a second factor or a recent login.
        ...session.amr && { amr: session.amr },
        ...session.authTime && { auth_time: Math.floor(session.authTime.getTime() / 1000) },
      })
        .setProtectedHeader({ alg: key.alg, typ: "JWT", kid: key.kid })
        .setIssuer(issuer)
        .setAudience(aud)
        .setSubject(String(subject.userId))
        .setIssuedAt(now)
        .setExpirationTime(now + expiresIn)
        .setJti(crypto.randomUUID())
        .sign(key.privateKey);
      return { token, expiresIn };
    },
    async verify(token) {
      const known = remembered.get(token);
      if (known !== undefined) {
        // The same test as jose's: expired from the second `exp` names.
        if (known.expiresAt > Date.now() / 1000) return known;
        remembered.delete(token);
      }
      let payload;
      try {
        payload = await verified(token);
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new TokenExpiredError("token expired");
        if (error instanceof InvalidTokenError) throw error;
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
      const claims: TokenClaims = {
        userId: Number(sub),
        sessionId: sid,
        generation: gen as number,
        jti,
        issuedAt: iat,
        expiresAt: exp as number,
      };
      if (remembered.size >= VERIFIED_MAX) remembered.delete(remembered.keys().next().value!);
      remembered.set(token, Object.freeze(claims));
      return claims;
    },
  };
}
