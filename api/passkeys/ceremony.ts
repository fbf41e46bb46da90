/**
 * What every passkey ceremony shares: a challenge that is random, single use, 5 minutes long and
 * bound to whoever asked for it (a session, a browser, an mfa_token), and the check of an
 * assertion against a stored passkey. @simplewebauthn/server checks the signature, the origin,
 * the relying party and the user-verification flag; the sign counter is checked here, in the
 * statement that records it (queries.ts `recordUse`).
 */
import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { newRefreshToken } from "../auth/refresh_token.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { type Passkey, type Purpose, takePasskeyChallenge } from "./queries.ts";
import { insertPasskeyChallenge } from "./queries.ts";
import type { AuthenticationResponse } from "./schemas.ts";

export const CHALLENGE_TTL_SECONDS = 300;

export type RelyingParty = Deps["config"]["mfa"]["webauthn"];

/** A new challenge for `purpose`, bound to `binding`; what the browser must sign. */
export async function issueChallenge(
  sql: Queryable,
  purpose: Purpose,
  binding: string,
  userId: number | null,
): Promise<string> {
  const challenge = newRefreshToken();
  await insertPasskeyChallenge(sql, {
    challenge,
    purpose,
    binding,
    userId,
    ttlSeconds: CHALLENGE_TTL_SECONDS,
  });
  return challenge;
}

/**
 * Takes the challenge the response signed, if it is live, of this purpose and bound to this
 * binding; it is gone afterwards whatever the verification says, so a response is tried once.
 */
export async function takeChallenge(
  sql: Queryable,
  response: { response: { clientDataJSON: string } },
  purpose: Purpose,
  binding: string,
): Promise<{ challenge: string; userId: number | null } | undefined> {
  const challenge = signedChallenge(response.response.clientDataJSON);
  if (challenge === undefined) return undefined;
  const row = await takePasskeyChallenge(sql, { challenge, purpose, binding });
  return row && { challenge, userId: row.user_id };
}

function signedChallenge(clientDataJSON: string): string | undefined {
  try {
    const data = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON));
    const challenge = data?.challenge;
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{43}$/.test(challenge)
      ? challenge
      : undefined;
  } catch {
    return undefined;
  }
}

export function credentialIdOf(response: AuthenticationResponse): Uint8Array | undefined {
  try {
    return isoBase64URL.toBuffer(response.rawId);
  } catch {
    return undefined;
  }
}

export type Assertion = { ok: true; newCounter: number } | { ok: false; reason: string };

/**
 * Whether `response` is `passkey`'s signature of `challenge`, made on our origin for our relying
 * party with the user verified. The counter is compared by the caller, when it records the use.
 */
export async function checkAssertion(
  rp: RelyingParty,
  passkey: Passkey,
  response: AuthenticationResponse,
  challenge: string,
): Promise<Assertion> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      // deno-lint-ignore no-explicit-any
      response: response as any,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
      credential: {
        id: isoBase64URL.fromBuffer(passkey.credential_id as Uint8Array<ArrayBuffer>),
        publicKey: passkey.public_key as Uint8Array<ArrayBuffer>,
        // 0: the library skips its own counter check, which `recordUse` does atomically.
        counter: 0,
        transports: passkey.transports as never,
      },
    });
    if (!verified) return { ok: false, reason: "signature" };
    return { ok: true, newCounter: authenticationInfo.newCounter };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** A word for the audit trail about why a response was refused (never the response). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (/origin/i.test(message)) return "origin";
  if (/RP ID/i.test(message)) return "rp_id";
  if (/user verif/i.test(message) || /user could not be verified/i.test(message)) {
    return "user_verification";
  }
  if (/challenge/i.test(message)) return "challenge";
  return "invalid_response";
}

/** The user handle our passkeys carry: the account's id, which names no person. */
export function userHandleOf(userId: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(String(userId));
}

/** Whether a response's user handle (when it has one) is that of the passkey's account. */
export function handleMatches(response: AuthenticationResponse, userId: number): boolean {
  const handle = response.response.userHandle;
  if (handle === undefined) return true;
  try {
    return isoBase64URL.toUTF8String(handle) === String(userId);
  } catch {
    return false;
  }
}
