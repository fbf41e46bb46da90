/**
 * Authenticator-app codes (RFC 6238: SHA-1, 6 digits, 30-second steps, what every app reads from
 * a QR code) and the sealing of their secrets at rest. Secrets are sealed like signing keys
 * (AES-256-GCM under the key derived from SECRET_KEY); the associated data names the user, so a
 * sealed secret copied onto another account's row does not open.
 */
import * as OTPAuth from "otpauth";
import { seal, sealingKey, unseal } from "../keys/crypto.ts";

const PERIOD_SECONDS = 30;
const DIGITS = 6;
// 160 bits, the size RFC 4226 recommends.
const SECRET_BYTES = 20;
/** Codes of the step before and after the server's clock are accepted too (clock drift). */
const DRIFT_STEPS = 1;

export type NewSecret = { base32: string; otpauthUrl: string };

export function newSecret(issuer: string, account: string): NewSecret {
  const secret = new OTPAuth.Secret({ size: SECRET_BYTES });
  return { base32: secret.base32, otpauthUrl: totpOf(secret.base32, issuer, account).toString() };
}

/** The time step a code belongs to (within the drift), or undefined when it matches none. */
export function matchingStep(base32: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(base32).validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? undefined : currentStep(now) + delta;
}

export function currentStep(now = Date.now()): number {
  return Math.floor(now / 1000 / PERIOD_SECONDS);
}

/** The code of a step: for tests, which play the authenticator app. */
export function codeAt(base32: string, now = Date.now()): string {
  return totpOf(base32).generate({ timestamp: now });
}

export async function sealSecret(
  secretKey: string,
  userId: number,
  base32: string,
): Promise<Uint8Array> {
  const key = await sealingKey(secretKey);
  return await seal(key, associatedData(userId), new TextEncoder().encode(base32));
}

export async function openSecret(
  secretKey: string,
  userId: number,
  sealed: Uint8Array,
): Promise<string> {
  const key = await sealingKey(secretKey);
  return new TextDecoder().decode(await unseal(key, associatedData(userId), sealed));
}

// Never a signing key's kid (those have no colon): the same key seals both, never confusably.
function associatedData(userId: number): string {
  return `totp:user:${userId}`;
}

function totpOf(base32: string, issuer = "", label = "") {
  return new OTPAuth.TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(base32),
  });
}
