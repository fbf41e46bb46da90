/**
 * This process's copy of the signing keys: loaded at start-up, imported once as CryptoKeys and
 * read again every few seconds, so a key rotated by any replica or by `keys:rotate` is published
 * by every replica within KEY_REFRESH_MS. Requests never touch the database for a key, but for a
 * token naming a kid not seen yet (a key rotated with `--now` elsewhere a moment ago).
 */
import { settledWithin, type Sql } from "../db.ts";
import type { Logger } from "../http/logger.ts";
import {
  importPrivateKey,
  importPublicKey,
  type PublicJwk,
  SealedKeyError,
  sealingKey,
  type SigningAlg,
  unseal,
} from "./crypto.ts";
import { type KeyRow, listKeys, sealedPrivateKeys } from "./queries.ts";
import { ensureSigningKey, type KeySettings } from "./service.ts";
import { type KeyState, keyStates } from "./states.ts";

/** Within the 10 s the README promises for a rotated key to reach every replica's JWKS. */
export const KEY_REFRESH_MS = 5_000;
// A superseded key may still sign in a replica until its next refresh; clocks drift a little.
const RETAIN_MARGIN_SECONDS = 60;
// A token with an unknown kid reads the keys again at most this often: forged kids cost little.
const MISS_REFRESH_MS = 1_000;
// How long closing waits for a refresh under way.
const CLOSE_WAIT_MS = 500;

export type LoadedKey = KeyRow & {
  publicKey: CryptoKey;
  /** Undefined when SECRET_KEY cannot open it: the key is published but cannot sign here. */
  privateKey?: CryptoKey;
};

export type Keyring = {
  /** The key that signs now, with its private half. */
  signingKey(): LoadedKey & { privateKey: CryptoKey };
  /** A published key (next, current or previous) by kid; undefined for any other kid. */
  verificationKey(kid: string): Promise<LoadedKey | undefined>;
  /** The public halves of the published keys, for the JWKS. */
  published(): PublicJwk[];
  /** Every key this process knows with its state, oldest first. */
  states(): { key: LoadedKey; state: KeyState }[];
  /** When the first key was created: HS256 tokens issued before it are still accepted. */
  firstKeyCreatedAt(): Date;
  /** Reads the keys again (and rotates when due); the timer calls it every KEY_REFRESH_MS. */
  refresh(): Promise<void>;
  close(): Promise<void>;
};

export type KeyringOptions = KeySettings & {
  /** The access tokens' lifetime: a superseded key stays published at least that long. */
  tokenTtlSeconds: number;
  logger: Logger;
  /** Tests pass a shorter interval, or 0 for no timer. */
  refreshMs?: number;
  now?: () => number;
};

/**
 * Creates the first key if there is none (or the next one when rotation is due), loads every key
 * and starts the refresh timer. Throws SealedKeyError when SECRET_KEY cannot open the key that
 * signs now: a replica with the wrong SECRET_KEY must not start.
 */
export async function createKeyring(sql: Sql, options: KeyringOptions): Promise<Keyring> {
  const now = options.now ?? Date.now;
  const retainSeconds = options.tokenTtlSeconds + RETAIN_MARGIN_SECONDS;
  const sealing = await sealingKey(options.secretKey);
  const keys = new Map<string, LoadedKey>();
  let lastMissRefresh = 0;
  let refreshing: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  async function load() {
    const rows = await listKeys(sql);
    const fresh = rows.filter((row) => !keys.has(row.kid));
    const sealed = new Map(
      (await sealedPrivateKeys(sql, fresh.map((row) => row.kid))).map((r) => [r.kid, r.sealed]),
    );
    for (const row of fresh) {
      keys.set(row.kid, {
        ...row,
        publicKey: await importPublicKey(row.alg, row.publicJwk),
        privateKey: await openPrivateKey(row.kid, row.alg, sealed.get(row.kid)),
      });
    }
  }

  async function openPrivateKey(kid: string, alg: SigningAlg, sealed?: Uint8Array) {
    if (!sealed) return undefined;
    try {
      const pkcs8 = await unseal(sealing, kid, sealed);
      try {
        return await importPrivateKey(alg, pkcs8);
      } finally {
        pkcs8.fill(0);
      }
    } catch (error) {
      if (!(error instanceof SealedKeyError)) throw error;
      options.logger.error({ msg: "signing key unusable", kid, error: error.message });
      return undefined;
    }
  }

  function rotationDue(): boolean {
    if (options.rotationDays <= 0) return false;
    const newest = Math.max(...[...keys.values()].map((key) => key.createdAt.getTime()));
    return now() - newest >= options.rotationDays * 86_400_000;
  }

  function refresh(): Promise<void> {
    return refreshing ??= (async () => {
      try {
        if (rotationDue()) await ensureSigningKey(sql, options);
        await load();
      } finally {
        refreshing = undefined;
      }
    })();
  }

  function stateList() {
    const states = keyStates([...keys.values()], now(), retainSeconds);
    return [...keys.values()].map((key) => ({ key, state: states.get(key.kid)! }));
  }

  function current(): LoadedKey {
    const found = stateList().find(({ state }) => state === "current");
    if (!found) throw new Error("no signing key is active");
    return found.key;
  }

  function schedule(ms: number) {
    if (closed || ms <= 0) return;
    const handle = setTimeout(async () => {
      try {
        await refresh();
      } catch (error) {
        // The database may be down for a while: the keys already loaded keep working.
        options.logger.error({ msg: "reading the signing keys failed", error: `${error}` });
      }
      schedule(ms);
    }, ms);
    Deno.unrefTimer(handle as unknown as number);
    timer = handle;
  }

  await ensureSigningKey(sql, options);
  await load();
  const signing = current();
  if (!signing.privateKey) {
    throw new SealedKeyError(
      `the signing key ${signing.kid} cannot be opened with this SECRET_KEY: every replica needs ` +
        "the SECRET_KEY it was created with",
    );
  }
  schedule(options.refreshMs ?? KEY_REFRESH_MS);

  return {
    signingKey() {
      const key = current();
      if (!key.privateKey) throw new SealedKeyError(`signing key ${key.kid} cannot be opened`);
      return key as LoadedKey & { privateKey: CryptoKey };
    },
    async verificationKey(kid) {
      if (!keys.has(kid) && now() - lastMissRefresh >= MISS_REFRESH_MS) {
        lastMissRefresh = now();
        // The database being down makes this kid unknown, not the request a failure of its own.
        await refresh().catch(() => {});
      }
      const key = keys.get(kid);
      if (!key) return undefined;
      const state = keyStates([...keys.values()], now(), retainSeconds).get(kid);
      return state === "retired" ? undefined : key;
    },
    published() {
      return stateList().filter(({ state }) => state !== "retired").map(({ key }) => key.publicJwk);
    },
    states: stateList,
    firstKeyCreatedAt() {
      return new Date(Math.min(...[...keys.values()].map((key) => key.createdAt.getTime())));
    },
    refresh,
    async close() {
      closed = true;
      clearTimeout(timer);
      // A refresh under way may finish, unless the database cannot be reached; the pool's end
      // then drops it.
      if (refreshing) await settledWithin(refreshing, CLOSE_WAIT_MS);
    },
  };
}
