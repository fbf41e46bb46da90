/**
 * A user's own passkeys: registering one (bound to the session that asked for its options),
 * renaming, removing. Adding or removing one is a factor change: the user's other sessions end
 * and the security notice goes, in the transaction that makes it; the account's first factor
 * brings recovery codes, its last takes them. Audit events name the passkey by its row id and
 * name, never its credential id or key.
 */
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { recordEvent } from "../audit/queries.ts";
import { type Caller, ownEvent } from "../auth/service.ts";
import type { Deps } from "../deps.ts";
import { conflict, invalidPayload, notFound } from "../http/errors.ts";
import { lockFactors } from "../mfa/queries.ts";
import { afterFactorChange, codesForFirstFactor, dropCodesWithLastFactor } from "../mfa/service.ts";
import { issueChallenge, reasonOf, takeChallenge, userHandleOf } from "./ceremony.ts";
import {
  credentialsOf,
  deletePasskey,
  insertPasskey,
  type PasskeySummary,
  renamePasskey,
} from "./queries.ts";
import type { RegisterPasskeyBody } from "./schemas.ts";

type PasskeyDeps = Pick<Deps, "sql" | "config">;

const NO_SUCH_PASSKEY = "Passkey not found.";
const ALREADY_REGISTERED = "This passkey is already registered.";
const NOT_VERIFIED = "The passkey could not be verified. Try again.";
// Registration options bind to the caller's session: a response made for another session, even
// of the same user, does not register.
const sessionBinding = (caller: Caller) => `session:${caller.sessionId}`;

/** The options for `navigator.credentials.create()`: a discoverable, user-verified credential. */
export async function registrationOptions(deps: PasskeyDeps, caller: Caller) {
  const { sql, config } = deps;
  const { user } = caller;
  const existing = await credentialsOf(sql, user.id);
  const challenge = await issueChallenge(sql, "register", sessionBinding(caller), user.id);
  return await generateRegistrationOptions({
    rpName: config.mfa.webauthn.rpName,
    rpID: config.mfa.webauthn.rpId,
    userName: user.email,
    userDisplayName: user.username,
    userID: userHandleOf(user.id),
    challenge: isoBase64URL.toBuffer(challenge),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({
      id: isoBase64URL.fromBuffer(c.credential_id as Uint8Array<ArrayBuffer>),
      transports: c.transports,
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    // EdDSA, ES256, RS256: what authenticators make today, with keys and signatures of bounded
    // size (post-quantum ML-DSA signatures run to kilobytes).
    supportedAlgorithmIDs: [-8, -7, -257],
  });
}

export async function registerPasskey(
  deps: PasskeyDeps,
  caller: Caller,
  body: RegisterPasskeyBody,
): Promise<PasskeySummary & { recovery_codes?: string[] }> {
  const { sql, config } = deps;
  const taken = await takeChallenge(sql, body.response, "register", sessionBinding(caller));
  if (!taken) throw invalidPayload([{ field: "response", message: EXPIRED }]);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      // deno-lint-ignore no-explicit-any
      response: body.response as any,
      expectedChallenge: taken.challenge,
      expectedOrigin: config.mfa.webauthn.origin,
      expectedRPID: config.mfa.webauthn.rpId,
      requireUserVerification: true,
    });
  } catch (error) {
    await refused(deps, caller, reasonOf(error));
  }
  if (!verified?.verified) return await refused(deps, caller, "invalid_response");
  const info = verified.registrationInfo;
  const name = body.name ?? "Passkey";
  return await sql.begin(async (tx) => {
    await lockFactors(tx, caller.user.id);
    const added = await insertPasskey(tx, {
      userId: caller.user.id,
      credentialId: isoBase64URL.toBuffer(info.credential.id),
      publicKey: info.credential.publicKey,
      signCount: info.credential.counter,
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      name,
    });
    if (!added) throw conflict(ALREADY_REGISTERED);
    const codes = await codesForFirstFactor(tx, caller.user.id);
    await afterFactorChange(tx, deps, caller, "passkey_added", "auth.passkey_added", {
      method: "webauthn",
      passkey_id: added.id,
    });
    return codes ? { ...added, recovery_codes: codes } : added;
  });
}

export const EXPIRED = "This passkey request expired or was already used. Try again.";

async function refused(deps: PasskeyDeps, caller: Caller, reason: string): Promise<never> {
  await recordEvent(deps.sql, ownEvent(caller, "auth.mfa_failed", { method: "webauthn", reason }));
  throw invalidPayload([{ field: "response", message: NOT_VERIFIED }]);
}

export async function renameOwnPasskey(
  deps: PasskeyDeps,
  caller: Caller,
  id: number,
  name: string,
): Promise<void> {
  await deps.sql.begin(async (tx) => {
    if (!(await renamePasskey(tx, caller.user.id, id, name))) throw notFound(NO_SUCH_PASSKEY);
    await recordEvent(tx, ownEvent(caller, "auth.passkey_renamed", { passkey_id: id }));
  });
}

export async function removeOwnPasskey(
  deps: PasskeyDeps,
  caller: Caller,
  id: number,
): Promise<void> {
  await deps.sql.begin(async (tx) => {
    await lockFactors(tx, caller.user.id);
    if (!(await deletePasskey(tx, caller.user.id, id))) throw notFound(NO_SUCH_PASSKEY);
    await dropCodesWithLastFactor(tx, caller.user.id);
    await afterFactorChange(tx, deps, caller, "passkey_removed", "auth.passkey_removed", {
      method: "webauthn",
      passkey_id: id,
    });
  });
}
