/**
 * Stored hashes name their scheme.
 * - `{bcrypt-sha256}` (new hashes): bcrypt of the base64 SHA-256 of the NFKC-normalised password,
 *   so a password is the same however its characters were composed, and bcrypt's 72-byte limit
 *   (24 CJK characters) no longer bites: the digest is 44 bytes whatever the password.
 * - `{bcrypt-hmac-sha256}` (new hashes when PASSWORD_PEPPER is set): the same with HMAC-SHA256
 *   keyed with the pepper, so a stolen table is useless without the server's setting.
 * - a bare `$2b$…`: the former scheme, bcrypt of the raw password.
 * Every scheme verifies; the hasher's `needsRehash` tells a login to replace an older one.
 */
import { createHash, createHmac } from "node:crypto";

export type PasswordScheme = "bcrypt-hmac-sha256" | "bcrypt-sha256" | "bcrypt";

export const PREFIXES = {
  "bcrypt-hmac-sha256": "{bcrypt-hmac-sha256}",
  "bcrypt-sha256": "{bcrypt-sha256}",
} as const;

/** bcrypt's own limit, which bounds only the former scheme now: it ignores every byte past it. */
export const MAX_LEGACY_PASSWORD_BYTES = 72;

// What bcryptjs accepts; checked here because it throws on anything else.
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/;

const encoder = new TextEncoder();

/** UTF-8 byte length, the unit of bcrypt's limit. */
export function passwordBytes(password: string): number {
  return encoder.encode(password).length;
}

/** The scheme a stored hash was made with; undefined when it is none of ours (or malformed). */
export function passwordScheme(hash: string): PasswordScheme | undefined {
  for (const [scheme, prefix] of Object.entries(PREFIXES)) {
    if (hash.startsWith(prefix)) {
      return BCRYPT_HASH.test(hash.slice(prefix.length)) ? scheme as PasswordScheme : undefined;
    }
  }
  return BCRYPT_HASH.test(hash) ? "bcrypt" : undefined;
}

/**
 * What bcrypt sees: base64 of SHA-256 (or of HMAC-SHA256 keyed with the pepper) of the NFKC form,
 * 44 ASCII bytes without a NUL, which bcrypt would stop at. Synchronous, so jobs still reach the
 * queue in call order.
 */
export function prehash(password: string, pepper?: string): string {
  const digest = pepper === undefined ? createHash("sha256") : createHmac("sha256", pepper);
  return digest.update(password.normalize("NFKC"), "utf8").digest("base64");
}
