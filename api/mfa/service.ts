/**
 * Setting up and removing second factors: an authenticator app (TOTP), and the recovery codes
 * that stand in for any lost factor. The codes come with the first factor of either kind and go
 * with the last. Every change that adds or removes a factor ends the user's other sessions and
 * mails the security notice, in the transaction that makes it. Audit events name the method,
 * never a secret or a code.
 */
import { recordEvent } from "../audit/queries.ts";
import { reserveReauthentication } from "../auth/login_attempts.ts";
import { revokeUserSessions } from "../auth/queries.ts";
import { type Caller, ownEvent } from "../auth/service.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { conflict, invalidPayload } from "../http/errors.ts";
import {
  brandOf,
  type FactorChange,
  recipientOf,
  secondFactorChangedMail,
} from "../mail/messages.ts";
import { queueMail } from "../mail/outbox.ts";
import { deleteAllPasskeys } from "../passkeys/queries.ts";
import { findUserWithHashByEmail, type User } from "../users/queries.ts";
import {
  disableTotp,
  factorsOf,
  findOwner,
  findTotp,
  lockFactors,
  markReauthenticated,
  putPendingTotp,
  replaceRecoveryCodes,
  spendRecoveryCode,
  spendStep,
} from "./queries.ts";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery_codes.ts";
import type { DisableTotpBody } from "./schemas.ts";
import { matchingStep, newSecret, openSecret, sealSecret } from "./totp.ts";

type MfaDeps = Pick<Deps, "sql" | "config" | "limiter" | "passwords">;

const WRONG_CODE = "The code is incorrect or was already used. Wait for the next one.";
const ALREADY_ENROLLED = "An authenticator app is already set up: turn it off first.";
const NOT_ENROLLING = "Start setting up the authenticator app first.";
const NOT_ENROLLED = "No authenticator app is set up.";
const NO_FACTOR = "No second factor is set up.";

/** A new secret, waiting for a code to confirm it; shown once, stored sealed. */
export async function startTotpEnrolment(
  deps: MfaDeps,
  caller: Caller,
): Promise<{ secret: string; otpauthUrl: string }> {
  const { user } = caller;
  const secret = newSecret(deps.config.appName, user.email);
  const sealed = await sealSecret(deps.config.secretKey, user.id, secret.base32);
  if (!(await putPendingTotp(deps.sql, user.id, sealed))) throw conflict(ALREADY_ENROLLED);
  return { secret: secret.base32, otpauthUrl: secret.otpauthUrl };
}

/**
 * A current code from the app turns the pending secret on (its step is spent like a login's)
 * and makes the recovery codes, which the caller sees once.
 */
export async function confirmTotp(
  deps: MfaDeps,
  caller: Caller,
  code: string,
): Promise<string[]> {
  const { sql, config } = deps;
  const { user } = caller;
  const row = await findTotp(sql, user.id);
  if (!row?.secret || row.confirmed_at) {
    throw conflict(row?.confirmed_at ? ALREADY_ENROLLED : NOT_ENROLLING);
  }
  // Wrong codes count like wrong current passwords: a session holder cannot guess on forever.
  const attempt = await reserveReauthentication(deps.limiter, user.id);
  const step = matchingStep(await openSecret(config.secretKey, user.id, row.secret), code.trim());
  const { codes, hashes } = await freshRecoveryCodes();
  const confirmed = step !== undefined && await sql.begin(async (tx) => {
    await lockFactors(tx, user.id);
    if (!(await spendStep(tx, user.id, step, { confirm: true }))) return false;
    // The app's codes replace any a passkey brought: the person is looking at these ones.
    await replaceRecoveryCodes(tx, user.id, hashes);
    // The code just proved the app: this session counts as a strong login from now.
    await markReauthenticated(tx, caller.sessionId, "otp");
    await afterFactorChange(tx, deps, caller, "totp_enabled", "auth.mfa_enabled");
    return true;
  });
  if (!confirmed) throw invalidPayload([{ field: "code", message: WRONG_CODE }]);
  await attempt.succeeded();
  return codes;
}

/**
 * Turns the app off once the password or a current code is proven; its recovery codes go too
 * unless a passkey remains for them to stand in for.
 */
export async function removeTotp(
  deps: MfaDeps,
  caller: Caller,
  proof: DisableTotpBody,
): Promise<void> {
  const { sql } = deps;
  const { user } = caller;
  const row = await findTotp(sql, user.id);
  if (!row?.confirmed_at) throw conflict(NOT_ENROLLED);
  const attempt = await reserveReauthentication(deps.limiter, user.id);
  if (proof.code !== undefined) {
    if (!(await spendTotpCode(sql, deps, user.id, proof.code))) {
      throw invalidPayload([{ field: "code", message: WRONG_CODE }]);
    }
  } else if (!(await passwordMatches(deps, user.email, proof.current_password ?? ""))) {
    throw invalidPayload([
      { field: "current_password", message: "Current password is incorrect." },
    ]);
  }
  await attempt.succeeded();
  await sql.begin(async (tx) => {
    await lockFactors(tx, user.id);
    await disableTotp(tx, user.id);
    await dropCodesWithLastFactor(tx, user.id);
    await afterFactorChange(tx, deps, caller, "totp_disabled", "auth.mfa_disabled");
  });
}

/** Ten new recovery codes for an account with a factor; every earlier one stops working. */
export async function regenerateRecoveryCodes(deps: MfaDeps, caller: Caller): Promise<string[]> {
  const { user } = caller;
  const { codes, hashes } = await freshRecoveryCodes();
  await deps.sql.begin(async (tx) => {
    await lockFactors(tx, user.id);
    const factors = await factorsOf(tx, user.id);
    if (!factors.totp && factors.passkeys === 0) throw conflict(NO_FACTOR);
    await replaceRecoveryCodes(tx, user.id, hashes);
    await queueMail(
      tx,
      secondFactorChangedMail(
        brandOf(deps.config),
        recipientOf(user),
        "recovery_codes_regenerated",
      ),
    );
    await recordEvent(tx, ownEvent(caller, "auth.recovery_codes_regenerated"));
  });
  return codes;
}

/**
 * Spends a code: a TOTP code of a step newer than any accepted before (for a user with a
 * confirmed app), or an unused recovery code. Which kind it was, or undefined when it is neither.
 */
export async function spendSecondFactor(
  tx: Queryable,
  deps: Pick<Deps, "config">,
  userId: number,
  code: string,
): Promise<"totp" | "recovery_code" | undefined> {
  if (await spendTotpCode(tx, deps, userId, code)) return "totp";
  const recovery = normalizeRecoveryCode(code);
  if (recovery && await spendRecoveryCode(tx, userId, await hashRecoveryCode(recovery))) {
    return "recovery_code";
  }
  return undefined;
}

async function spendTotpCode(
  tx: Queryable,
  deps: Pick<Deps, "config">,
  userId: number,
  code: string,
): Promise<boolean> {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return false;
  const row = await findTotp(tx, userId);
  if (!row?.secret || !row.confirmed_at) return false;
  const step = matchingStep(await openSecret(deps.config.secretKey, userId, row.secret), digits);
  return step !== undefined && await spendStep(tx, userId, step, { confirm: false });
}

/** Ten codes to show once, and the hashes that are all the database keeps of them. */
async function freshRecoveryCodes(): Promise<{ codes: string[]; hashes: Uint8Array[] }> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)));
  return { codes, hashes };
}

/**
 * In the transaction that has just added a factor, under `lockFactors`: when it is the account's
 * only one, the recovery codes that will stand in for it if it is lost (shown once); otherwise
 * none, and the codes the person already keeps stay valid.
 */
export async function codesForFirstFactor(
  tx: Queryable,
  userId: number,
): Promise<string[] | undefined> {
  const factors = await factorsOf(tx, userId);
  if (Number(factors.totp) + factors.passkeys !== 1) return undefined;
  const { codes, hashes } = await freshRecoveryCodes();
  await replaceRecoveryCodes(tx, userId, hashes);
  return codes;
}

/** In the transaction that has just removed a factor: with none left, the codes open nothing. */
export async function dropCodesWithLastFactor(tx: Queryable, userId: number): Promise<void> {
  const factors = await factorsOf(tx, userId);
  if (!factors.totp && factors.passkeys === 0) await replaceRecoveryCodes(tx, userId, []);
}

async function passwordMatches(deps: MfaDeps, email: string, password: string): Promise<boolean> {
  const stored = await findUserWithHashByEmail(deps.sql, email);
  return !!stored && await deps.passwords.verify(password, stored.password_hash);
}

/** Someone who got in with what was there before no longer holds a session; the owner hears. */
export async function afterFactorChange(
  tx: Queryable,
  deps: Pick<Deps, "config">,
  caller: Caller,
  change: FactorChange,
  action: "auth.mfa_enabled" | "auth.mfa_disabled" | "auth.passkey_added" | "auth.passkey_removed",
  detail: Record<string, unknown> = { method: "totp" },
): Promise<void> {
  const revoked = await revokeUserSessions(tx, caller.user.id, { except: caller.sessionId });
  await queueMail(
    tx,
    secondFactorChangedMail(brandOf(deps.config), recipientOf(caller.user), change),
  );
  await recordEvent(
    tx,
    ownEvent(caller, action, { ...detail, other_sessions_revoked: revoked }),
  );
}

/**
 * An admin removes every second factor of a user who lost them (audited, the owner is mailed, every
 * session of theirs ends). The admin never sees a factor; the user sets up new ones.
 */
export async function resetFactors(
  deps: Pick<Deps, "sql" | "config">,
  admin: { user: User; ip: string | null },
  targetId: number,
): Promise<boolean> {
  return await deps.sql.begin(async (tx) => {
    const target = await findOwner(tx, targetId);
    if (!target) return false;
    const had = await disableTotp(tx, targetId);
    await replaceRecoveryCodes(tx, targetId, []);
    const passkeys = await deleteAllPasskeys(tx, targetId);
    const revoked = await revokeUserSessions(tx, targetId);
    await queueMail(
      tx,
      secondFactorChangedMail(brandOf(deps.config), recipientOf(target), "factors_reset_by_admin"),
    );
    await recordEvent(tx, {
      action: "admin.mfa_reset",
      actorId: admin.user.id,
      targetId,
      detail: { totp: had, passkeys, sessions_revoked: revoked },
      ip: admin.ip,
    });
    return true;
  });
}
