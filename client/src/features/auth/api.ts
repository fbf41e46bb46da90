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

/** Logs in; the answer starts the session. */
export async function logIn(body: LoginBody): Promise<Grant> {
  return await parseResponse(publicApi.auth.login.$post({ json: body }));
}

/** Mails a new verification link to `email` if it has an unverified account (same answer if not). */
export async function resendVerificationMailTo(email: string): Promise<void> {
  await parseResponse(publicApi.auth.email.resend.$post({ json: { email } }));
}
