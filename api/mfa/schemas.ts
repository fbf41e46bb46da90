/**
 * Bodies of /auth/mfa requests and answers. Free of server-only imports: the web app shares it.
 */
import { z } from "zod";
import { existingPassword, text } from "../users/schemas.ts";

const success = z.literal("success");
/** What a user can answer a login's second step with. */
export const MFA_METHODS = ["totp", "recovery_code", "webauthn"] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

// A code as typed: 6 digits from the app, or a recovery code (hyphens and spaces forgiven).
const code = text("Code").pipe(
  z.string().min(1, "Code is required.").max(64, "Code must be at most 64 characters."),
).describe("6 digits from the authenticator app, or a recovery code.");

export const confirmTotpBody = z.strictObject({
  code: code.describe("The 6 digits the authenticator app shows now."),
}).meta({ id: "ConfirmTotpBody" });

export const disableTotpBody = z.strictObject({
  current_password: existingPassword("Current password").optional(),
  code: code.optional(),
}).superRefine((body, ctx) => {
  if (body.current_password === undefined && body.code === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["current_password"],
      message: "Give your current password or a code from your authenticator app.",
    });
  }
}).meta({ id: "DisableTotpBody" });

export const verifyMfaBody = z.strictObject({
  mfa_token: text("MFA token").pipe(
    z.string().min(1, "MFA token is required.").max(128, "MFA token is too long."),
  ).describe("From the login's answer."),
  code,
}).meta({ id: "VerifyMfaBody" });

export type ConfirmTotpBody = z.infer<typeof confirmTotpBody>;
export type DisableTotpBody = z.infer<typeof disableTotpBody>;
export type VerifyMfaBody = z.infer<typeof verifyMfaBody>;

/** POST /auth/login for an account with a second factor: no session yet. */
export const mfaRequiredBody = z.strictObject({
  status: success,
  message: z.literal("Second factor required."),
  mfa_token: z.string().describe(
    "For `POST /auth/mfa/verify`: single use, 5 minutes, at most 5 codes.",
  ),
  methods: z.array(z.enum(MFA_METHODS)).min(1).describe("What the account can answer with."),
}).meta({ id: "MfaRequired" });

export const totpEnrolmentBody = z.strictObject({
  status: success,
  data: z.strictObject({
    secret: z.string().describe("Base32, for typing into an app that cannot scan the QR code."),
    otpauth_url: z.string().describe("`otpauth://totp/…`, for the QR code."),
  }),
}).meta({ id: "TotpEnrolment" });

export const recoveryCodesBody = z.strictObject({
  status: success,
  message: z.string(),
  data: z.strictObject({
    recovery_codes: z.array(z.string()).describe("Shown once: each works once."),
  }),
}).meta({ id: "RecoveryCodes" });

export const factorsBody = z.strictObject({
  status: success,
  data: z.strictObject({
    totp: z.boolean().describe("An authenticator app is set up."),
    recovery_codes_left: z.int().min(0),
    passkeys: z.array(z.strictObject({
      name: z.string(),
      created_at: z.iso.datetime(),
      last_used_at: z.iso.datetime().nullable(),
    })).describe("The passkeys: names and dates only."),
    methods: z.array(z.enum(MFA_METHODS)),
  }),
}).meta({ id: "Factors" });

export const reauthenticateBody = z.strictObject({
  current_password: existingPassword("Current password").optional().describe(
    "For an account without a second factor.",
  ),
  code: code.optional().describe(
    "For an account with a second factor: from the app, or a recovery code.",
  ),
}).meta({ id: "ReauthenticateBody" });

export type ReauthenticateBody = z.infer<typeof reauthenticateBody>;
