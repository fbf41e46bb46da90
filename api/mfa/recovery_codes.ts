/**
 * Recovery codes: ten single-use codes shown once, for a lost authenticator. Each has 80 random
 * bits, so a SHA-256 of it is as good as a slow hash: nobody guesses one, offline or not.
 */

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 alphabet: no I, L, O or U to misread.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** `xxxx-xxxx-xxxx-xxxx`: 16 characters of 5 bits each. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const chars = Array.from(bytes, (byte) => ALPHABET[byte & 31]).join("");
    return chars.match(/.{4}/g)!.join("-");
  });
}

/** Case, spaces and hyphens are forgiven; undefined when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const code = input.toLowerCase().replace(/[\s-]/g, "");
  return /^[0-9a-hjkmnp-tv-z]{16}$/.test(code) ? code : undefined;
}

export async function hashRecoveryCode(normalized: string): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normalized));
  return new Uint8Array(digest);
}
