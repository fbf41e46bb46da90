/**
 * The key material of signing keys: generating a pair, sealing the private half for the database
 * (AES-256-GCM under a key derived from SECRET_KEY) and importing both halves as CryptoKeys.
 */
import { calculateJwkThumbprint, type JWK } from "jose";

export const SIGNING_ALGORITHMS = ["EdDSA", "ES256"] as const;
export type SigningAlg = (typeof SIGNING_ALGORITHMS)[number];

/** The public half as published in the JWKS. */
export type PublicJwk = {
  kty: "OKP" | "EC";
  crv: "Ed25519" | "P-256";
  x: string;
  /** EC keys only. */
  y?: string;
  kid: string;
  alg: SigningAlg;
  use: "sig";
};

export type GeneratedKey = {
  kid: string;
  alg: SigningAlg;
  publicJwk: PublicJwk;
  /** PKCS #8, to be sealed before it leaves the process. */
  pkcs8: Uint8Array;
};

export class SealedKeyError extends Error {
  override name = "SealedKeyError";
}

const PARAMS: Record<SigningAlg, EcKeyImportParams | Algorithm> = {
  EdDSA: { name: "Ed25519" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
};
// The members a public JWK of each type has; anything else (`d`, `key_ops`, `ext`) stays out.
const PUBLIC_MEMBERS: Record<SigningAlg, string[]> = {
  EdDSA: ["kty", "crv", "x"],
  ES256: ["kty", "crv", "x", "y"],
};
const IV_BYTES = 12;
// Changing it makes every stored key unreadable: it names this one use of SECRET_KEY.
const HKDF_INFO = "users-service signing keys v1";

export async function generateSigningKey(alg: SigningAlg): Promise<GeneratedKey> {
  const pair = await crypto.subtle.generateKey(PARAMS[alg], true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const full = await crypto.subtle.exportKey("jwk", pair.publicKey) as Record<string, unknown>;
  const members = Object.fromEntries(PUBLIC_MEMBERS[alg].map((name) => [name, full[name]]));
  // RFC 7638's thumbprint: the kid says which key it is, and two keys never share one.
  const kid = await calculateJwkThumbprint(members as JWK, "sha256");
  const publicJwk = { ...members, kid, alg, use: "sig" } as PublicJwk;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  return { kid, alg, publicJwk, pkcs8 };
}

/**
 * The AES-256-GCM key that seals private keys: HKDF-SHA-256 of SECRET_KEY, so SECRET_KEY itself
 * never encrypts anything and this key is used for nothing else.
 */
export async function sealingKey(secretKey: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secretKey),
    "HKDF",
    false,
    ["deriveKey"],
  );
  return await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(32),
      info: new TextEncoder().encode(HKDF_INFO),
    },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** IV, then ciphertext and tag. The kid is authenticated with it: a sealed key cannot be moved. */
export async function seal(key: CryptoKey, kid: string, plain: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(kid) },
    key,
    plain as BufferSource,
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return out;
}

/** Throws SealedKeyError when the bytes were sealed under another key or changed. */
export async function unseal(key: CryptoKey, kid: string, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: sealed.subarray(0, IV_BYTES) as BufferSource,
        additionalData: new TextEncoder().encode(kid),
      },
      key,
      sealed.subarray(IV_BYTES) as BufferSource,
    );
    return new Uint8Array(plain);
  } catch {
    throw new SealedKeyError(
      `signing key ${kid} cannot be opened with this SECRET_KEY (was SECRET_KEY changed?)`,
    );
  }
}

/** Not extractable: once imported, the private key never leaves WebCrypto again. */
export async function importPrivateKey(alg: SigningAlg, pkcs8: Uint8Array): Promise<CryptoKey> {
  return await crypto.subtle.importKey("pkcs8", pkcs8 as BufferSource, PARAMS[alg], false, [
    "sign",
  ]);
}

export async function importPublicKey(alg: SigningAlg, jwk: PublicJwk): Promise<CryptoKey> {
  const all = jwk as Record<string, unknown>;
  const members = Object.fromEntries(PUBLIC_MEMBERS[alg].map((name) => [name, all[name]]));
  return await crypto.subtle.importKey("jwk", members as JsonWebKey, PARAMS[alg], true, [
    "verify",
  ]);
}
