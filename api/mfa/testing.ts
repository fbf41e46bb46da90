/** Plays the user's authenticator app in API tests. */
import assert from "node:assert/strict";
import type { TestApi, TestUser } from "../testing/api.ts";
import { codeAt } from "./totp.ts";

const STEP_MS = 30_000;

export type Enrolled = {
  secret: string;
  recoveryCodes: string[];
  /**
   * The code of the step after the one enrolment spent. The server's clock is at or past the
   * test's, and within one step of it: that step is always inside the ±1 window, and newer than
   * the confirming code's, whichever side of a step boundary either clock is on.
   */
  nextCode: string;
};

/** Sets up an authenticator app for the user, confirmed with the current step's code. */
export async function enrolTotp(api: TestApi, me: TestUser): Promise<Enrolled> {
  const started = await api.request("/auth/mfa/totp", { method: "POST", token: me.token });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const secret: string = started.body.data.secret;
  const now = Date.now();
  const confirmed = await api.request("/auth/mfa/totp/confirm", {
    method: "POST",
    token: me.token,
    json: { code: codeAt(secret, now) },
  });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return {
    secret,
    recoveryCodes: confirmed.body.data.recovery_codes,
    nextCode: codeAt(secret, now + STEP_MS),
  };
}

/** The password step of a login; `mfa_token` when the account has a second factor. */
export async function logInPassword(
  api: TestApi,
  me: TestUser,
  headers: Record<string, string> = {},
) {
  return await api.request("/auth/login", {
    method: "POST",
    json: { email: me.user.email, password: me.password },
    headers,
  });
}

export async function verifyCode(
  api: TestApi,
  mfaToken: string,
  code: string,
  headers: Record<string, string> = {},
) {
  return await api.request("/auth/mfa/verify", {
    method: "POST",
    json: { mfa_token: mfaToken, code },
    headers,
  });
}
