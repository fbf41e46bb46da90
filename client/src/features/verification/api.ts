import { type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";
import { publicApi } from "../../lib/http.ts";

export type Verified =
  & InferResponseType<typeof publicApi.auth.email.verify.$post, 200>["data"]
  & { message: string };

/**
 * Confirms an address with a mailed token: a new account's, or the new one of an email change.
 * Sent without the access token: the link works whoever is signed in here.
 */
export async function verifyEmail(token: string): Promise<Verified> {
  const { message, data } = await parseResponse(
    publicApi.auth.email.verify.$post({ json: { token } }),
  );
  return { ...data, message };
}

/** Sends the signed-in user a new verification link. */
export async function resendVerificationMail(): Promise<void> {
  await parseResponse(api.auth.email.resend.$post({ json: {} }));
}
