/** Signing keys for tests: a keyring in memory, tokens signed as the service signs them. */
import { SignJWT } from "jose";
import {
  generateSigningKey,
  importPrivateKey,
  importPublicKey,
  type SigningAlg,
} from "../keys/crypto.ts";
import type { Keyring, LoadedKey } from "../keys/keyring.ts";
import { keyStates } from "../keys/states.ts";

/** A key made now, activated `activatedSecondsAgo` seconds ago (negative: in the future). */
export async function memoryKey(alg: SigningAlg, activatedSecondsAgo = 0): Promise<LoadedKey> {
  const generated = await generateSigningKey(alg);
  const activatesAt = new Date(Date.now() - activatedSecondsAgo * 1000);
  return {
    kid: generated.kid,
    alg,
    publicJwk: generated.publicJwk,
    createdAt: new Date(Math.min(Date.now(), activatesAt.getTime())),
    activatesAt,
    publicKey: await importPublicKey(alg, generated.publicJwk),
    privateKey: await importPrivateKey(alg, generated.pkcs8),
  };
}

/** A keyring over the given keys, whose states follow the clock like the real one's. */
export function memoryKeyring(keys: LoadedKey[], retainSeconds = 960): Keyring {
  const states = () => keyStates(keys, Date.now(), retainSeconds);
  const current = () => keys.find((key) => states().get(key.kid) === "current")!;
  return {
    signingKey: () => current() as LoadedKey & { privateKey: CryptoKey },
    verificationKey(kid) {
      const key = keys.find((candidate) => candidate.kid === kid);
      return Promise.resolve(key && states().get(kid) !== "retired" ? key : undefined);
    },
    published: () =>
      keys.filter((key) => states().get(key.kid) !== "retired").map((key) => key.publicJwk),
    states: () => keys.map((key) => ({ key, state: states().get(key.kid)! })),
    firstKeyCreatedAt: () => new Date(Math.min(...keys.map((key) => key.createdAt.getTime()))),
    refresh: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/**
 * A token signed with the keyring's current key as the service signs them, but with the claims
 * (and header fields) a test chooses: expired, another audience, another issuer …
 */
export async function signAsService(
  keyring: Keyring,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const key = keyring.signingKey();
  return await new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}
