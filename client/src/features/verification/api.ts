import { sendWithSession } from "../../lib/api.ts";
import { failure, postJson } from "../../lib/http.ts";

export type Verified = { message: string; email: string; purpose: "verify" | "email_change" };

/** Confirms an address with a mailed token: a new account's, or the new one of an email change. */
export async function verifyEmail(token: string): Promise<Verified> {
  const { message, data } = await postJson("/auth/email/verify", { token });
  const { email, purpose } = data as Pick<Verified, "email" | "purpose">;
  return { message: message ?? "", email, purpose };
}

/** Sends the signed-in user a new verification link. */
export async function resendVerificationMail(): Promise<void> {
  const response = await sendWithSession("/auth/email/resend", { method: "POST" });
  if (!response.ok) throw await failure(response);
  await response.body?.cancel();
}
