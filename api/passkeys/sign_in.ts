/**
 * Proving who one is with a passkey: signing in without an email (a discoverable credential), the
 * login's second step after the password, and the re-check before a sensitive action. Every
 * refused response is audited with a reason word and counted by the limits a wrong password or
 * code would meet; a sign counter that goes backwards is refused as a possible clone.
 */
import { generateAuthenticationOptions } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { recordEvent } from "../audit/queries.ts";
import { verifyDevice } from "../auth/device_cookie.ts";
import {
  accountKey,
  reserveLoginAttempt,
  reserveReauthentication,
} from "../auth/login_attempts.ts";
import { ACCOUNT_DISABLED } from "../auth/middleware.ts";
import { hashToken } from "../auth/refresh_token.ts";
import { type Caller, type Client, type LoggedIn, ownEvent, startLogin } from "../auth/service.ts";
import type { Deps } from "../deps.ts";
import { ApiError, conflict, invalidPayload } from "../http/errors.ts";
import { MFA_TOKEN_MAX_ATTEMPTS } from "../mfa/challenges.ts";
import { finishSecondStep, openSecondStep, secondStepExpired } from "../mfa/login_service.ts";
import { findLiveChallenge, markReauthenticated, spendChallenge } from "../mfa/queries.ts";
import { findUserById } from "../users/queries.ts";
import {
  checkAssertion,
  credentialIdOf,
  handleMatches,
  issueChallenge,
  takeChallenge,
} from "./ceremony.ts";
import { credentialsOf, findPasskeyByCredential, type Passkey, recordUse } from "./queries.ts";
import type { AuthenticationResponse, PasskeyLoginBody, PasskeySecondStepBody } from "./schemas.ts";
import { EXPIRED } from "./service.ts";

type SignInDeps = Pick<Deps, "sql" | "tokens" | "config" | "limiter">;

export const PASSKEY_REFUSED = "That passkey could not sign you in.";
const NOT_VERIFIED = "The passkey could not be verified.";

/** The browser's ceremony cookie binds a sign-in's challenge to the browser that asked. */
export const browserBinding = async (ceremony: string) => `browser:${await hashToken(ceremony)}`;

/** Options for a sign-in with any passkey of this site (no allowCredentials: discoverable). */
export async function signInOptions(deps: Pick<Deps, "sql" | "config">, ceremony: string) {
  const challenge = await issueChallenge(deps.sql, "login", await browserBinding(ceremony), null);
  return await generateAuthenticationOptions({
    rpID: deps.config.mfa.webauthn.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: "required",
  });
}

/** Verifies a discoverable sign-in and starts the session as a password login does. */
export async function signInWithPasskey(
  deps: SignInDeps,
  body: PasskeyLoginBody,
  ceremony: string | undefined,
  client: Client,
  deviceCookie: string | undefined,
): Promise<LoggedIn> {
  const { sql, limiter, config } = deps;
  await limiter.consume("loginIp", client.ip);
  const fail = async (reason: string, userId?: number): Promise<never> => {
    await recordEvent(sql, {
      action: "auth.login_failed",
      targetId: userId,
      detail: { method: "webauthn", reason },
      ip: client.ip,
    });
    throw new ApiError(401, PASSKEY_REFUSED);
  };
  const taken = ceremony === undefined
    ? undefined
    : await takeChallenge(sql, body.response, "login", await browserBinding(ceremony));
  if (!taken) return await fail("challenge");
  const passkey = await passkeyOf(deps, body.response);
  if (!passkey) return await fail("unknown_passkey");
  const device = verifyDevice(config.secretKey, deviceCookie);
  const knownDevice = device?.userId === passkey.user_id ? device.deviceId : undefined;
  const attempt = await reserveLoginAttempt(limiter, {
    account: accountKey(passkey.user_id, ""),
    ip: client.ip,
    deviceId: knownDevice,
  });
  if (!handleMatches(body.response, passkey.user_id)) return await fail("user_handle");
  const reason = await useOnce(deps, passkey, body.response, taken.challenge);
  if (reason !== undefined) return await fail(reason, passkey.user_id);
  await attempt.succeeded();
  const user = await findUserById(sql, passkey.user_id);
  if (!user?.active) throw new ApiError(403, ACCOUNT_DISABLED);
  const remember = body.remember ?? true;
  return await startLogin(
    deps,
    user,
    { remember, knownDevice, amr: ["webauthn"], method: "webauthn" },
    client,
  );
}

/** Options for the login's second step: the passkeys of the account whose password was right. */
export async function secondStepOptions(deps: SignInDeps, mfaToken: string, client: Client) {
  await deps.limiter.consume("loginIp", client.ip);
  const tokenHash = await hashToken(mfaToken);
  const live = await findLiveChallenge(deps.sql, tokenHash, MFA_TOKEN_MAX_ATTEMPTS);
  if (!live) throw secondStepExpired();
  return await assertionOptions(deps, live.user_id, "second_step", `mfa:${tokenHash}`);
}

/** The login's second step with a passkey of the account: completes the mfa_token. */
export async function verifyPasskeySecondStep(
  deps: SignInDeps,
  body: PasskeySecondStepBody,
  client: Client,
): Promise<LoggedIn> {
  const { sql } = deps;
  const step = await openSecondStep(deps, body.mfa_token, client);
  const { tokenHash } = step;
  const userId = step.challenge.user_id;
  const fail = async (reason: string): Promise<never> => {
    await recordEvent(sql, {
      action: "auth.mfa_failed",
      targetId: userId,
      detail: { method: "webauthn", reason },
      ip: client.ip,
    });
    throw invalidPayload([{ field: "response", message: NOT_VERIFIED }]);
  };
  const taken = await takeChallenge(sql, body.response, "second_step", `mfa:${tokenHash}`);
  if (!taken) return await fail("challenge");
  const passkey = await passkeyOf(deps, body.response);
  // A passkey of another account proves nothing about this one.
  if (!passkey || passkey.user_id !== userId) return await fail("not_this_account");
  const outcome = await useOnce(deps, passkey, body.response, taken.challenge, tokenHash);
  if (outcome === "expired") throw secondStepExpired();
  if (outcome !== undefined) return await fail(outcome);
  return await finishSecondStep(
    deps,
    step,
    { amr: ["pwd", "webauthn"], method: "webauthn" },
    client,
  );
}

const sessionBinding = (caller: Caller) => `session:${caller.sessionId}`;

export async function reauthenticateOptions(deps: SignInDeps, caller: Caller) {
  return await assertionOptions(deps, caller.user.id, "reauthenticate", sessionBinding(caller));
}

/** The re-check before a sensitive action, with a passkey of the caller's account. */
export async function reauthenticateWithPasskey(
  deps: SignInDeps,
  caller: Caller,
  response: AuthenticationResponse,
): Promise<void> {
  const { sql } = deps;
  const attempt = await reserveReauthentication(deps.limiter, caller.user.id);
  const taken = await takeChallenge(sql, response, "reauthenticate", sessionBinding(caller));
  if (!taken) throw invalidPayload([{ field: "response", message: EXPIRED }]);
  const passkey = await passkeyOf(deps, response);
  const reason = !passkey || passkey.user_id !== caller.user.id
    ? "not_this_account"
    : await useOnce(deps, passkey, response, taken.challenge);
  if (reason !== undefined) {
    await recordEvent(sql, ownEvent(caller, "auth.mfa_failed", { method: "webauthn", reason }));
    throw invalidPayload([{ field: "response", message: NOT_VERIFIED }]);
  }
  await attempt.succeeded();
  await sql.begin(async (tx) => {
    await markReauthenticated(tx, caller.sessionId, "webauthn");
    await recordEvent(tx, ownEvent(caller, "auth.reauthenticated", { method: "webauthn" }));
  });
}

async function assertionOptions(
  deps: Pick<Deps, "sql" | "config">,
  userId: number,
  purpose: "second_step" | "reauthenticate",
  binding: string,
) {
  const credentials = await credentialsOf(deps.sql, userId);
  if (credentials.length === 0) throw conflict("This account has no passkey.");
  const challenge = await issueChallenge(deps.sql, purpose, binding, userId);
  return await generateAuthenticationOptions({
    rpID: deps.config.mfa.webauthn.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: "required",
    allowCredentials: credentials.map((c) => ({
      id: isoBase64URL.fromBuffer(c.credential_id as Uint8Array<ArrayBuffer>),
      transports: c.transports,
    })),
  });
}

async function passkeyOf(
  deps: Pick<Deps, "sql">,
  response: AuthenticationResponse,
): Promise<Passkey | undefined> {
  const id = credentialIdOf(response);
  // The two encodings of the id must agree: the library checks `id`, we look up `rawId`.
  if (!id || response.id !== response.rawId) return undefined;
  return await findPasskeyByCredential(deps.sql, id);
}

/**
 * Checks the assertion and records the use; with `mfaTokenHash`, spends the login's challenge in
 * the same transaction. Undefined when it succeeded, else why not.
 */
async function useOnce(
  deps: Pick<Deps, "sql" | "config">,
  passkey: Passkey,
  response: AuthenticationResponse,
  challenge: string,
  mfaTokenHash?: string,
): Promise<string | undefined> {
  const checked = await checkAssertion(deps.config.mfa.webauthn, passkey, response, challenge);
  if (!checked.ok) return checked.reason;
  return await deps.sql.begin(async (tx) => {
    // A counter that did not grow: a cloned authenticator, or this assertion used twice.
    if (!(await recordUse(tx, passkey.id, checked.newCounter))) return "possible_clone";
    if (mfaTokenHash !== undefined && !(await spendChallenge(tx, mfaTokenHash))) {
      throw new RollBack("expired");
    }
    return undefined;
  }).catch((error) => {
    if (error instanceof RollBack) return error.reason;
    throw error;
  });
}

class RollBack extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
