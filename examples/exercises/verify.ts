/**
 * Who is calling, two ways:
 * - offline: the token's signature against the users service's public keys (JWKS), fetched once
 *   and cached, fetched again when a token names a kid the cached set lacks; `iss`, `aud`, `exp`
 *   and the algorithm are checked. No request to the users service per call, but a token stays
 *   valid here until its `exp` even after its user logged out;
 * - introspection: the users service is asked about every token (RFC 7662), so a logout, a
 *   revoked session or a deactivated user is refused at once, at one request per call.
 */
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import type { ExercisesConfig } from "./config.ts";

export type Caller = { userId: number; admin: boolean; sessionId: string };

export class Unauthenticated extends Error {
  override name = "Unauthenticated";
}
export class UsersUnavailable extends Error {
  override name = "UsersUnavailable";
}

// What the users service signs with; `none` and the HMAC family are never accepted.
const ALGORITHMS = ["EdDSA", "ES256"];

export type Verifier = {
  offline(token: string): Promise<Caller>;
  introspected(token: string): Promise<Caller>;
};

export function createVerifier(config: ExercisesConfig): Verifier {
  const jwks = createRemoteJWKSet(new URL(`${config.usersUrl}/.well-known/jwks.json`), {
    cacheMaxAge: config.jwksCacheSeconds * 1000,
    cooldownDuration: config.jwksCooldownSeconds * 1000,
    timeoutDuration: 2000,
  });

  return {
    async offline(token) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ALGORITHMS,
          requiredClaims: ["sub", "exp", "sid"],
        });
        if (payload.active !== true) throw new Unauthenticated("account disabled");
        return caller(payload.sub, payload.admin, payload.sid);
      } catch (error) {
        if (error instanceof Unauthenticated) throw error;
        // The key set could not be fetched: not the caller's fault.
        if (error instanceof errors.JOSEError && error.code === "ERR_JWKS_TIMEOUT") {
          throw new UsersUnavailable("the users service's keys could not be fetched");
        }
        if (error instanceof TypeError) throw new UsersUnavailable(error.message);
        throw new Unauthenticated(error instanceof Error ? error.message : "invalid token");
      }
    },
    async introspected(token) {
      if (!config.introspection) throw new UsersUnavailable("no introspection credentials");
      const { clientId, clientSecret } = config.introspection;
      let res: Response;
      try {
        res = await fetch(`${config.usersUrl}/auth/introspect`, {
          method: "POST",
          headers: {
            Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ token, token_type_hint: "access_token" }),
          signal: AbortSignal.timeout(2000),
        });
      } catch (error) {
        throw new UsersUnavailable(error instanceof Error ? error.message : String(error));
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new UsersUnavailable(`introspection answered ${res.status}`);
      }
      const body = await res.json();
      if (body.active !== true) throw new Unauthenticated("inactive token");
      return caller(body.sub, body.admin, body.sid);
    },
  };
}

function caller(sub: unknown, admin: unknown, sid: unknown): Caller {
  if (typeof sub !== "string" || !/^[1-9]\d*$/.test(sub) || typeof sid !== "string") {
    throw new Unauthenticated("malformed claims");
  }
  return { userId: Number(sub), admin: admin === true, sessionId: sid };
}
