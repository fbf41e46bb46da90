/**
 * Bodies of the email and recovery requests. Free of server-only imports, like the other schemas,
 * so the web app can share them.
 */
import { z } from "zod";
import { email, password, text } from "../users/schemas.ts";

/** Longer than any token we make; the format itself is checked by the flow (400 invalid_token). */
const TOKEN_MAX_LENGTH = 200;

const token = text("Token").min(1, "Token is required.").max(
  TOKEN_MAX_LENGTH,
  `Token must be at most ${TOKEN_MAX_LENGTH} characters.`,
).describe("The token from the mailed link (`#token=` in the web app's address).");

export const verifyEmailBody = z.strictObject({ token }).meta({ id: "VerifyEmailBody" });

export const resendVerificationBody = z.strictObject({
  email: email.optional().describe("Required without a token; ignored with one."),
}).meta({ id: "ResendVerificationBody" });

export const forgotPasswordBody = z.strictObject({ email }).meta({ id: "ForgotPasswordBody" });

export const resetPasswordBody = z.strictObject({ token, password }).meta({
  id: "ResetPasswordBody",
});

export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;
export type ResendVerificationBody = z.infer<typeof resendVerificationBody>;
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBody>;
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;
