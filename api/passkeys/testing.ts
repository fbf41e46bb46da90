/**
 * A software authenticator for API tests: ES256 keys made with WebCrypto, attestation "none",
 * authenticator data with the UP/UV/AT/BE/BS flags, the public key as a COSE key, CBOR by
 * @levischuck/tiny-cbor. Each knob lets a test play an attacker (another origin or relying
 * party, no user verification, a counter going backwards).
 */
import { type CBORType, encodeCBOR } from "@levischuck/tiny-cbor";
import type { TestApi, TestUser } from "../testing/api.ts";

const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 };

export type Knobs = {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** The counter this assertion reports (default: one more than the last). */
  counter?: number;
  /** A multi-device (synced) passkey. */
  backedUp?: boolean;
  userHandle?: string | null;
};

type Credential = {
  id: Uint8Array<ArrayBuffer>;
  keys: CryptoKeyPair;
  userHandle: string;
  counter: number;
  backedUp: boolean;
};

// deno-lint-ignore no-explicit-any
type Json = any;

export function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - b64.length % 4) % 4)), (c) => c.charCodeAt(0));
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function uint32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** WebCrypto signs ECDSA as r‖s; WebAuthn wants ASN.1 DER. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.slice(i);
    const body = trimmed[0] & 0x80 ? concat(new Uint8Array([0]), trimmed) : trimmed;
    return concat(new Uint8Array([0x02, body.length]), body);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  /** Answers `navigator.credentials.create()` options; the new credential is kept. */
  async register(options: Json, knobs: Knobs = {}): Promise<Json> {
    const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    const id = crypto.getRandomValues(new Uint8Array(32));
    const backedUp = knobs.backedUp ?? false;
    const credential = { id, keys, userHandle: options.user.id, counter: 0, backedUp };
    this.credentials.push(credential);
    const jwk = await crypto.subtle.exportKey("jwk", keys.publicKey);
    const cose = encodeCBOR(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, fromB64url(jwk.x!)],
        [-3, fromB64url(jwk.y!)],
      ]),
    );
    const attested = concat(new Uint8Array(16), new Uint8Array([0, id.length]), id, cose);
    const authData = await this.authData(knobs.rpId ?? options.rp.id, knobs, backedUp, 0, attested);
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, knobs);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ["fmt", "none"],
        ["attStmt", new Map<string, CBORType>()],
        ["authData", authData],
      ]),
    );
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** Answers `navigator.credentials.get()` options with `credential` (default: the newest). */
  async assert(options: Json, knobs: Knobs = {}, credential?: Credential): Promise<Json> {
    const used = credential ?? this.credentials.at(-1)!;
    used.counter = knobs.counter ?? used.counter + 1;
    const rpId = knobs.rpId ?? options.rpId;
    const authData = await this.authData(rpId, knobs, used.backedUp, used.counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, knobs);
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, used.keys.privateKey, signed),
    );
    const userHandle = knobs.userHandle === undefined ? used.userHandle : knobs.userHandle;
    return {
      id: b64url(used.id),
      rawId: b64url(used.id),
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(derSignature(raw)),
        ...(userHandle !== null && { userHandle }),
      },
    };
  }

  private async authData(
    rpId: string,
    knobs: Knobs,
    backedUp: boolean,
    counter: number,
    attested?: Uint8Array,
  ): Promise<Uint8Array<ArrayBuffer>> {
    let flags = FLAG.UP | FLAG.BE;
    if (knobs.userVerified ?? true) flags |= FLAG.UV;
    if (backedUp) flags |= FLAG.BS;
    if (attested) flags |= FLAG.AT;
    const rpIdHash = await sha256(new TextEncoder().encode(rpId));
    return concat(rpIdHash, new Uint8Array([flags]), uint32(counter), attested ?? new Uint8Array());
  }

  private clientData(type: string, challenge: string, knobs: Knobs): Uint8Array<ArrayBuffer> {
    const origin = knobs.origin ?? this.origin;
    return new TextEncoder().encode(
      JSON.stringify({ type, challenge, origin, crossOrigin: false }),
    );
  }
}

/** The test API's relying party: PUBLIC_URL's default, http://localhost:8080. */
export const ORIGIN = "http://localhost:8080";

/** The session proved a strong login just now (as after a re-check): step-up lets it through. */
export async function strongNow(api: TestApi, sessionId: string): Promise<void> {
  await api.db.sql`
    update sessions set auth_time = now(), amr = '{pwd,webauthn}' where id = ${sessionId}`;
}

/** Registers a passkey for `me` through the API (after a recent strong login); returns its row. */
export async function addPasskey(
  api: TestApi,
  me: TestUser,
  authenticator: SoftAuthenticator,
  name = "Laptop",
): Promise<{ id: number; name: string; recovery_codes?: string[] }> {
  await strongNow(api, me.sessionId);
  const options = await api.request("/auth/passkeys/registration/options", {
    method: "POST",
    token: me.token,
  });
  if (options.status !== 200) throw new Error(JSON.stringify(options.body));
  const response = await authenticator.register(options.body.data);
  const added = await api.request("/auth/passkeys/registration", {
    method: "POST",
    token: me.token,
    json: { name, response },
  });
  if (added.status !== 201) throw new Error(JSON.stringify(added.body));
  return added.body.data;
}

/** Asks for sign-in options; the ceremony cookie comes back as a Cookie header to send. */
export async function signInOptions(api: TestApi): Promise<{ options: Json; cookie: string }> {
  const answer = await api.request("/auth/login/passkey/options", { method: "POST" });
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  const cookie = answer.headers.getSetCookie().find((c) => c.startsWith("passkey_ceremony="))!;
  return { options: answer.body.data, cookie: cookie.split(";")[0] };
}

export async function signIn(api: TestApi, response: Json, cookie: string) {
  return await api.request("/auth/login/passkey", {
    method: "POST",
    json: { response },
    headers: { Cookie: cookie },
  });
}

export { fromB64url };
