/**
 * Registered services and what they may ask: `register` makes a client id and secret (the secret
 * is shown once and stored hashed), `authenticate` checks HTTP Basic credentials, `introspect`
 * answers RFC 7662's question about an access token as of now.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { sessionAccepts } from "../auth_cache/auth_cache.ts";
import type { Deps } from "../deps.ts";
import type { Sql } from "../db.ts";
import { findLiveService, insertService, type ServiceClient } from "./queries.ts";

export type Registered = { service: ServiceClient; clientSecret: string };
export type Introspection =
  | { active: false }
  | {
    active: true;
    sub: string;
    sid: string;
    exp: number;
    iat: number;
    scope: string;
    username: string;
    admin: boolean;
  };

const UNIQUE_VIOLATION = "23505";

export class DuplicateServiceError extends Error {
  override name = "DuplicateServiceError";
}

/** A new registration; the secret is returned once and only its hash is kept. */
export async function registerService(sql: Sql, name: string): Promise<Registered> {
  const clientId = `svc_${randomToken(12)}`;
  const clientSecret = randomToken(32);
  try {
    const service = await insertService(sql, {
      name,
      clientId,
      secretHash: sha256(clientSecret),
    });
    return { service, clientSecret };
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new DuplicateServiceError(`a live service is already named "${name}"`);
    }
    throw error;
  }
}

export type ServiceAuthenticator = {
  /** The live service these credentials belong to, or undefined. */
  authenticate(clientId: string, clientSecret: string): Promise<ServiceClient | undefined>;
};

/**
 * Checks HTTP Basic credentials against the registrations. A registration read from the database
 * is remembered for `rememberMs` (SERVICE_REMEMBER_MS, 1 s by default) from the moment it was
 * read: introspection is a hot path, and this spares it a query per call (one a second per
 * service and process instead). The price, and the bound: a revoked service (`service:revoke`, or
 * an operator's SQL; a secret is rotated by registering anew and revoking the old one) is
 * accepted by a process that read it before the revocation committed for at most `rememberMs`
 * after that read, on every replica alike, whatever reaches it or not meanwhile. A wrong secret is
 * compared against the remembered hash too, so guessing costs no query.
 */
export function createServiceAuthenticator(
  sql: Sql,
  options: { rememberMs?: number; now?: () => number } = {},
): ServiceAuthenticator {
  const rememberMs = options.rememberMs ?? 1_000;
  const now = options.now ?? Date.now;
  const remembered = new Map<string, { service: ServiceClient; hash: Uint8Array; until: number }>();
  return {
    async authenticate(clientId, clientSecret) {
      if (clientId.length > 100 || clientSecret.length > 200) return undefined;
      // Hashing first makes the comparison one of equal lengths, whatever was sent.
      const presented = sha256(clientSecret);
      let known = remembered.get(clientId);
      if (!known || known.until <= now()) {
        remembered.delete(clientId);
        // The clock is read before the query: the bound counts from before the row was read.
        const readAt = now();
        const found = await findLiveService(sql, clientId);
        if (!found) return undefined;
        const { secretHash, ...service } = found;
        known = { service, hash: new Uint8Array(secretHash), until: readAt + rememberMs };
        remembered.set(clientId, known);
      }
      return timingSafeEqual(presented, known.hash) ? known.service : undefined;
    },
  };
}

/**
 * Active only for an access token that verifies, whose session is alive and whose user exists
 * and is active, all as of this request: logouts, revocations and deactivations show at once
 * (the auth cache's guarantee, as for the API's own authenticated requests).
 */
export async function introspect(
  deps: Pick<Deps, "authCache" | "tokens">,
  token: string,
): Promise<Introspection> {
  let claims;
  try {
    claims = await deps.tokens.verify(token);
  } catch {
    return { active: false };
  }
  const found = await deps.authCache.lookup(claims.userId, claims.sessionId);
  if (!found || !found.user.active) return { active: false };
  if (!sessionAccepts(found.session, claims.userId, claims.generation)) return { active: false };
  const { user } = found;
  return {
    active: true,
    sub: String(user.id),
    sid: claims.sessionId,
    exp: claims.expiresAt,
    iat: claims.issuedAt,
    scope: user.admin ? "user admin" : "user",
    username: user.username,
    admin: user.admin,
  };
}

function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

// Synchronous: WebCrypto's digest is a round trip to a thread pool, about a tenth of the API's
// CPU per introspection in a profile (docs/profiles/introspect_before.txt).
function sha256(value: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(value, "utf8").digest());
}
