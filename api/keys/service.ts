/**
 * Creating signing keys: the first one at the first start, the next one when the current is due
 * for rotation (SIGNING_KEY_ROTATION_DAYS) or an operator asks (`deno task keys:rotate`). Each is
 * decided under one lock, so replicas starting or ticking together create one key, not one each.
 */
import type { Sql } from "../db.ts";
import { generateSigningKey, seal, sealingKey, type SigningAlg } from "./crypto.ts";
import { insertKey, type KeyRow, newestKeyAge, withKeysLock } from "./queries.ts";

export type KeySettings = {
  secretKey: string;
  /** The algorithm of new keys; existing keys keep theirs. */
  alg: SigningAlg;
  /** Seconds a new key is published before it signs: the JWKS cache lifetime. */
  publishDelaySeconds: number;
  /** Days after which the newest key is replaced; 0: never automatically. */
  rotationDays: number;
};

const DAY_SECONDS = 86_400;

/**
 * Makes sure a key exists (the first one signs at once: there is nothing to roll over from) and
 * that the newest one is not older than the rotation period. Returns the key it created, if any.
 */
export async function ensureSigningKey(
  sql: Sql,
  settings: KeySettings,
): Promise<KeyRow | undefined> {
  // Made before the lock: key generation must not hold other replicas up.
  const key = await sealedNewKey(settings);
  return await withKeysLock(sql, async (tx) => {
    const age = await newestKeyAge(tx);
    if (age === null) return await insertKey(tx, key, 0);
    if (settings.rotationDays > 0 && age >= settings.rotationDays * DAY_SECONDS) {
      return await insertKey(tx, key, settings.publishDelaySeconds);
    }
    return undefined;
  });
}

/**
 * A new key, published at once, signing after the publish delay, or at once with `now` (a
 * compromised key: consumers holding a cached key set fetch it again on the unknown kid).
 */
export async function rotateKey(
  sql: Sql,
  settings: KeySettings,
  options: { now?: boolean } = {},
): Promise<KeyRow> {
  const key = await sealedNewKey(settings);
  return await withKeysLock(
    sql,
    (tx) => insertKey(tx, key, options.now ? 0 : settings.publishDelaySeconds),
  );
}

async function sealedNewKey(settings: KeySettings) {
  const generated = await generateSigningKey(settings.alg);
  const sealed = await seal(await sealingKey(settings.secretKey), generated.kid, generated.pkcs8);
  generated.pkcs8.fill(0);
  return { ...generated, sealed };
}
