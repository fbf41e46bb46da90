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
  /** The same for an `Authorization: Basic` header's value (RFC 6749's form-encoded pair). */
  authenticateBasic(header: string): Promise<ServiceClient | undefined>;
};

type Remembered = { service: ServiceClient; until: number };

// Accepted headers remembered at once: more than the live services ever send.
const MAX_REMEMBERED_HEADERS = 1000;

/**
 * Checks HTTP Basic credentials against the registrations. A registration read from the database
 * is remembered for `rememberMs` (SERVICE_REMEMBER_MS, 1 s by default) from the moment it was
 * read: introspection is a hot path, and this spares it a query per call (one a second per
 * service and process instead). The price, and the bound: a revoked service (`service:revoke`, or
 * an operator's SQL; a secret is rotated by registering anew and revoking the old one) is
 * accepted by a process that read it before the revocation committed for at most `rememberMs`
 * after that read, on every replica alike, whatever reaches it or not meanwhile. A wrong secret is
 * compared against the remembered hash too, so guessing costs no query.
 *
 * A header that passed is remembered as it was sent, until the same moment: a call that repeats
 * it costs a map lookup instead of decoding and hashing (about a tenth of an introspection's CPU,
 * docs/profiles/introspect_after.txt). The header, secret included, stays in memory no longer
 * than any request's own copy would, and never beyond `rememberMs`.
 */
export function createServiceAuthenticator(
  sql: Sql,
  options: { rememberMs?: number; now?: () => number } = {},
): ServiceAuthenticator {
  const rememberMs = options.rememberMs ?? 1_000;
  const now = options.now ?? Date.now;
  const rows = new Map<string, Remembered & { hash: Uint8Array }>();
  const headers = new Map<string, Remembered>();

  async function check(clientId: string, clientSecret: string): Promise<Remembered | undefined> {
    if (clientId.length > 100 || clientSecret.length > 200) return undefined;
    // Hashing first makes the comparison one of equal lengths, whatever was sent.
    const presented = sha256(clientSecret);
    let known = rows.get(clientId);
    if (!known || known.until <= now()) {
      rows.delete(clientId);
      // The clock is read before the query: the bound counts from before the row was read.
      const readAt = now();
      const found = await findLiveService(sql, clientId);
      if (!found) return undefined;
      const { secretHash, ...service } = found;
      known = { service, hash: new Uint8Array(secretHash), until: readAt + rememberMs };
      rows.set(clientId, known);
    }
    return timingSafeEqual(presented, known.hash) ? known : undefined;
  }

  function remember(header: string, passed: Remembered) {
    if (headers.size >= MAX_REMEMBERED_HEADERS) {
      const at = now();
      for (const [key, entry] of headers) if (entry.until <= at) headers.delete(key);
      if (headers.size >= MAX_REMEMBERED_HEADERS) headers.clear();
    }
    headers.set(header, { service: passed.service, until: passed.until });
  }

  return {
    async authenticate(clientId, clientSecret) {
      return (await check(clientId, clientSecret))?.service;
    },
    async authenticateBasic(header) {
      const hit = headers.get(header);
      if (hit && hit.until > now()) return hit.service;
      if (hit) headers.delete(header);
      const credentials = basicCredentials(header);
      const passed = credentials && await check(credentials.clientId, credentials.secret);
      if (!passed) return undefined;
      remember(header, passed);
      return passed.service;
    },
  };
}

/** `Basic` with RFC 6749's form-encoded client id and secret; undefined for anything else. */
export function basicCredentials(header: string): { clientId: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) return undefined;
  try {
    const decoded = atob(match[1]);
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const part = (value: string) => decodeURIComponent(value.replaceAll("+", " "));
    return { clientId: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
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
