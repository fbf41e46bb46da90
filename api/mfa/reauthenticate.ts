/**
 * The re-check before a sensitive action: the holder of a session proves again who they are, with
 * the strongest thing the account has (a code when it has a second factor, else the password).
 * Wrong answers count against RATE_LIMIT_REAUTH_USER, like a wrong current password.
 */
import { recordEvent } from "../audit/queries.ts";
import { reserveReauthentication } from "../auth/login_attempts.ts";
import { type Caller, ownEvent } from "../auth/service.ts";
import type { Deps } from "../deps.ts";
import { invalidPayload } from "../http/errors.ts";
import { findUserWithHashByEmail } from "../users/queries.ts";
import { factorsOf, markReauthenticated } from "./queries.ts";
import type { ReauthenticateBody } from "./schemas.ts";
import { spendSecondFactor } from "./service.ts";

type ReauthDeps = Pick<Deps, "sql" | "config" | "limiter" | "passwords">;

export async function reauthenticate(
  deps: ReauthDeps,
  caller: Caller,
  proof: ReauthenticateBody,
): Promise<void> {
  const { sql } = deps;
  const { user } = caller;
  const factors = await factorsOf(sql, user.id);
  // An account whose only factor is a passkey re-checks with it (POST
  // /auth/passkeys/reauthenticate), or here with a recovery code when the passkey is not at hand.
  const passkeyOnly = !factors.totp && factors.passkeys > 0;
  const byRecoveryCode = passkeyOnly && factors.recoveryCodesLeft > 0;
  if (passkeyOnly && (!byRecoveryCode || proof.code === undefined)) {
    const message = byRecoveryCode
      ? "Confirm with one of your passkeys or a recovery code."
      : "Confirm with one of your passkeys.";
    throw invalidPayload([{ field: "code", message }]);
  }
  const needsCode = factors.totp || byRecoveryCode;
  if (needsCode && proof.code === undefined) {
    throw invalidPayload([{ field: "code", message: "Enter a code from your app." }]);
  }
  if (!needsCode && proof.current_password === undefined) {
    throw invalidPayload([
      { field: "current_password", message: "Current password is required." },
    ]);
  }
  const attempt = await reserveReauthentication(deps.limiter, user.id);
  let method: string;
  if (needsCode) {
    const spent = await spendSecondFactor(sql, deps, user.id, proof.code!);
    if (!spent) {
      const message = byRecoveryCode
        ? "The recovery code is incorrect or was used. You can confirm with a passkey instead."
        : "The code is incorrect or was used.";
      throw invalidPayload([{ field: "code", message }]);
    }
    method = spent;
  } else {
    const stored = await findUserWithHashByEmail(sql, user.email);
    const ok = stored && await deps.passwords.verify(proof.current_password!, stored.password_hash);
    if (!ok) {
      throw invalidPayload([
        { field: "current_password", message: "Current password is incorrect." },
      ]);
    }
    method = "password";
  }
  await attempt.succeeded();
  await sql.begin(async (tx) => {
    await markReauthenticated(tx, caller.sessionId, method === "password" ? "pwd" : "otp");
    await recordEvent(tx, ownEvent(caller, "auth.reauthenticated", { method }));
  });
}
