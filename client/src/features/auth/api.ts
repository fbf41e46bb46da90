import { type InferRequestType, parseResponse } from "hono/client";
import { publicApi } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";

export type RegisterBody = InferRequestType<typeof publicApi.auth.register.$post>["json"];
export type LoginBody = InferRequestType<typeof publicApi.auth.login.$post>["json"];
/** An answer without a session: the account waits for its address to be confirmed. */
export type MailSent = { mailSent: string };

// These go without the access token: their 401 means wrong credentials, not an expired session.

/**
 * Registers. The answer starts the new user's session, or (when the API requires verified
 * addresses: 202) says to follow the mailed link first.
 */
export async function register(body: RegisterBody): Promise<Grant | MailSent> {
  // Errors are thrown by publicApi: only the two successes are left.
  const response = await publicApi.auth.register.$post({ json: body });
  if (response.status === 201) return await response.json();
  return { mailSent: (await response.json()).message };
}

/** The password was right; the account asks for its second factor before a session starts. */
export type SecondStep = { mfaToken: string; methods: string[] };

/** Logs in; the answer starts the session, or asks for the second factor. */
export async function logIn(body: LoginBody): Promise<Grant | SecondStep> {
  const answer = await parseResponse(publicApi.auth.login.$post({ json: body }));
  if ("mfa_token" in answer) return { mfaToken: answer.mfa_token, methods: answer.methods };
  return answer;
}

/** The login's second step: a code from the authenticator app or a recovery code. */
export async function verifySecondFactor(mfaToken: string, code: string): Promise<Grant> {
  return await parseResponse(
    publicApi.auth.mfa.verify.$post({ json: { mfa_token: mfaToken, code } }),
  );
}

/** Mails a new verification link to `email` if it has an unverified account (same answer if not). */
export async function resendVerificationMailTo(email: string): Promise<void> {
  await parseResponse(publicApi.auth.email.resend.$post({ json: { email } }));
}

/** Signs in with a passkey, no email: the browser offers the passkeys it holds for this site. */
export async function logInWithPasskey(remember: boolean): Promise<Grant> {
  const { data } = await parseResponse(publicApi.auth.login.passkey.options.$post());
  const { signWithPasskey } = await import("../../lib/passkey.ts");
  const response = await signWithPasskey(data);
  return await parseResponse(publicApi.auth.login.passkey.$post({ json: { response, remember } }));
}

/** The login's second step with a passkey of the account whose password was right. */
export async function verifyWithPasskey(mfaToken: string): Promise<Grant> {
  const { data } = await parseResponse(
    publicApi.auth.passkeys["second-step"].options.$post({ json: { mfa_token: mfaToken } }),
  );
  const { signWithPasskey } = await import("../../lib/passkey.ts");
  const response = await signWithPasskey(data);
  return await parseResponse(
    publicApi.auth.passkeys["second-step"].$post({ json: { mfa_token: mfaToken, response } }),
  );
}
