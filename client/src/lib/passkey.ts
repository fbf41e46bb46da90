/**
 * The browser's half of a passkey ceremony. @simplewebauthn/browser is loaded when a passkey is
 * first used (the first load has no room for it, and most visits never need it). Its refusals
 * become a `PasskeyProblem` with a message for people: "cancelled" is not an error of the
 * scary kind (the person closed the browser's dialog, or it timed out).
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import type {
  AuthenticationResponse,
  RegistrationResponse,
} from "../../../api/passkeys/schemas.ts";

export type PasskeyProblemKind = "unsupported" | "cancelled" | "exists" | "failed";

export class PasskeyProblem extends Error {
  override name = "PasskeyProblem";
  constructor(readonly kind: PasskeyProblemKind, message: string) {
    super(message);
  }
}

const MESSAGES: Record<PasskeyProblemKind, string> = {
  unsupported: "This browser cannot use passkeys. Try another browser or device.",
  cancelled: "No passkey was used: the request was cancelled or timed out.",
  exists: "This device already holds a passkey for your account.",
  failed: "The passkey could not be used. Try again.",
};

/** Whether the browser can run a ceremony at all (no library needed to tell). */
export function passkeysSupported(): boolean {
  return typeof globalThis.PublicKeyCredential === "function";
}

/** Makes a new passkey from the API's registration options. */
export async function createPasskey(
  options: unknown,
): Promise<RegistrationResponse> {
  const { startRegistration } = await load();
  const response = await ceremony(() =>
    startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON })
  );
  // The library's interface, as the API's schema of it (the same fields).
  return response as unknown as RegistrationResponse;
}

/** Signs the API's challenge with a passkey the browser offers. */
export async function signWithPasskey(options: unknown): Promise<AuthenticationResponse> {
  const { startAuthentication } = await load();
  const response = await ceremony(() =>
    startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON })
  );
  return response as unknown as AuthenticationResponse;
}

async function load() {
  if (!passkeysSupported()) throw new PasskeyProblem("unsupported", MESSAGES.unsupported);
  return await import("@simplewebauthn/browser");
}

async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    const code = (error as { code?: string }).code;
    if (name === "NotAllowedError" || name === "AbortError") {
      throw new PasskeyProblem("cancelled", MESSAGES.cancelled);
    }
    if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
      throw new PasskeyProblem("exists", MESSAGES.exists);
    }
    throw new PasskeyProblem("failed", MESSAGES.failed);
  }
}

/**
 * How a page shows a ceremony that did not happen: a warning when the person cancelled or the
 * browser cannot, an error when something failed. Null for anything else (the API's refusals).
 */
export function passkeyNotice(
  error: unknown,
): { kind: "warning" | "danger"; message: string } | null {
  if (!(error instanceof PasskeyProblem)) return null;
  return { kind: error.kind === "failed" ? "danger" : "warning", message: error.message };
}
