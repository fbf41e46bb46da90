/**
 * The tokens in the links we mail (verification, password reset, email change): `<selector>.<verifier>`.
 * The selector (128 random bits) names the stored row and may show in logs of a lookup; the
 * verifier (256 random bits) proves the link was read from the mail and is stored only as its
 * SHA-256. Splitting them lets the lookup be an indexed equality on something public, while the
 * secret is compared in constant time and counted when wrong (see `queries.ts`).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export type TokenPurpose = "verify" | "password_reset" | "email_change";

/** How long a link works. */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  verify: 24 * 3600,
  email_change: 24 * 3600,
  password_reset: 3600,
};

/** Wrong verifiers for one selector before its token is deleted. */
export const MAX_FAILED_ATTEMPTS = 5;

export type NewToken = { token: string; selector: string; verifierHash: Uint8Array };
export type ParsedToken = { selector: string; verifier: string };

const FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function newEmailToken(): NewToken {
  const selector = randomBase64Url(16);
  const verifier = randomBase64Url(32);
  return { token: `${selector}.${verifier}`, selector, verifierHash: hashVerifier(verifier) };
}

/** The selector and verifier of a well-formed token; undefined for anything else. */
export function parseEmailToken(token: string): ParsedToken | undefined {
  const match = FORMAT.exec(token);
  return match ? { selector: match[1], verifier: match[2] } : undefined;
}

export function hashVerifier(verifier: string): Uint8Array {
  return createHash("sha256").update(verifier, "utf8").digest();
}

/** Whether `verifier` hashes to `stored`, in time that does not depend on where they differ. */
export function verifierMatches(verifier: string, stored: Uint8Array): boolean {
  const given = hashVerifier(verifier);
  return stored.length === given.length && timingSafeEqual(given, stored);
}

function randomBase64Url(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}
