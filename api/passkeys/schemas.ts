/**
 * Bodies of /auth/passkeys requests and answers. Free of server-only imports: the web app shares
 * it. An authenticator's response is checked here for shape and size only; what it proves is
 * checked by @simplewebauthn/server.
 */
import { z } from "zod";
import { text } from "../http/text.ts";

const success = z.literal("success");
const timestamp = z.iso.datetime();
const b64url = (field: string, max: number) =>
  z.string({ error: `${field} must be a base64url string.` })
    .max(max, `${field} is too long.`)
    .regex(/^[A-Za-z0-9_-]*$/, `${field} must be a base64url string.`);

export const passkeyName = text("Name").trim().min(1, "Name is required.")
  .max(64, "Name must be at most 64 characters.");

const credentialFields = {
  id: b64url("Credential id", 1400).min(1, "Credential id is required."),
  rawId: b64url("Credential id", 1400).min(1, "Credential id is required."),
  type: z.literal("public-key", { error: 'Type must be "public-key".' }),
  clientExtensionResults: z.looseObject({}).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

/** What `navigator.credentials.create()` answered, as @simplewebauthn/browser encodes it. */
export const registrationResponse = z.looseObject({
  ...credentialFields,
  response: z.looseObject({
    clientDataJSON: b64url("clientDataJSON", 4096),
    attestationObject: b64url("attestationObject", 16384),
    transports: z.array(z.string().max(32)).max(8).optional(),
  }),
}).describe("`RegistrationResponseJSON` from `startRegistration()` of @simplewebauthn/browser.");

/** What `navigator.credentials.get()` answered, as @simplewebauthn/browser encodes it. */
export const authenticationResponse = z.looseObject({
  ...credentialFields,
  response: z.looseObject({
    clientDataJSON: b64url("clientDataJSON", 4096),
    authenticatorData: b64url("authenticatorData", 4096),
    signature: b64url("signature", 2048),
    userHandle: b64url("userHandle", 128).optional(),
  }),
}).describe(
  "`AuthenticationResponseJSON` from `startAuthentication()` of @simplewebauthn/browser.",
);

export type RegistrationResponse = z.infer<typeof registrationResponse>;
export type AuthenticationResponse = z.infer<typeof authenticationResponse>;

export const registerPasskeyBody = z.strictObject({
  name: passkeyName.optional().describe('Shown in the list; "Passkey" when left out.'),
  response: registrationResponse,
}).meta({ id: "RegisterPasskeyBody" });

export const renamePasskeyBody = z.strictObject({ name: passkeyName }).meta({
  id: "RenamePasskeyBody",
});

export const passkeyLoginBody = z.strictObject({
  response: authenticationResponse,
  remember: z.boolean({ error: "Remember must be true or false." }).optional().describe(
    "Keep the session past the browser's closing (as at `POST /auth/login`); default true.",
  ),
}).meta({ id: "PasskeyLoginBody" });

const mfaToken = text("MFA token").pipe(
  z.string().min(1, "MFA token is required.").max(128, "MFA token is too long."),
).describe("From the login's answer.");

export const secondStepOptionsBody = z.strictObject({ mfa_token: mfaToken }).meta({
  id: "PasskeySecondStepOptionsBody",
});

export const passkeySecondStepBody = z.strictObject({
  mfa_token: mfaToken,
  response: authenticationResponse,
}).meta({ id: "PasskeySecondStepBody" });

export const reauthenticatePasskeyBody = z.strictObject({ response: authenticationResponse })
  .meta({ id: "ReauthenticatePasskeyBody" });

export type RegisterPasskeyBody = z.infer<typeof registerPasskeyBody>;
export type PasskeyLoginBody = z.infer<typeof passkeyLoginBody>;
export type PasskeySecondStepBody = z.infer<typeof passkeySecondStepBody>;

export const passkey = z.strictObject({
  id: z.int().min(1),
  name: z.string(),
  backed_up: z.boolean().describe("Synced to the provider's cloud (it survives a lost device)."),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
}).meta({ id: "Passkey" });

export const passkeysBody = z.strictObject({ status: success, data: z.array(passkey) }).meta({
  id: "Passkeys",
});

export const passkeyBody = z.strictObject({
  status: success,
  message: z.string(),
  data: passkey.extend({
    recovery_codes: z.array(z.string()).optional().describe(
      "Only when this passkey is the account's first factor: 10 recovery codes, shown this " +
        "once, each signing in once if the passkey is lost.",
    ),
  }),
}).meta({ id: "PasskeyAdded" });

/** Handed to `startRegistration()` / `startAuthentication()` of @simplewebauthn/browser as is. */
export const optionsBody = z.strictObject({
  status: success,
  data: z.looseObject({
    challenge: z.string().describe("Single use, 5 minutes."),
  }).describe(
    "`PublicKeyCredentialCreationOptionsJSON` or `PublicKeyCredentialRequestOptionsJSON`.",
  ),
}).meta({ id: "PasskeyOptions" });
