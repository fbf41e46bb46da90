/** The signing keys' SQL. Rows are only ever added: a key's state follows from its timestamps. */
import type { Queryable, Sql } from "../db.ts";
import type { PublicJwk, SigningAlg } from "./crypto.ts";

export type KeyRow = {
  kid: string;
  alg: SigningAlg;
  publicJwk: PublicJwk;
  createdAt: Date;
  activatesAt: Date;
};

// Any fixed number, distinct from the migration runner's and the retention job's.
const LOCK_KEY = 4_127_730_553;

/** Every key's public half and timestamps; never the private material. */
export async function listKeys(sql: Queryable): Promise<KeyRow[]> {
  return await sql<KeyRow[]>`
    select kid, alg, public_jwk as "publicJwk", created_at as "createdAt",
      activates_at as "activatesAt"
    from signing_keys
    order by activates_at, created_at, kid`;
}

/** The sealed private halves of the given keys. */
export async function sealedPrivateKeys(
  sql: Queryable,
  kids: string[],
): Promise<{ kid: string; sealed: Uint8Array }[]> {
  if (kids.length === 0) return [];
  return await sql<{ kid: string; sealed: Uint8Array }[]>`
    select kid, private_key as sealed from signing_keys where kid in ${sql(kids)}`;
}

/** Seconds since the newest key was created, by the database's clock; null when there is none. */
export async function newestKeyAge(tx: Queryable): Promise<number | null> {
  const [{ age }] = await tx<{ age: number | null }[]>`
    select extract(epoch from now() - max(created_at))::float8 as age from signing_keys`;
  return age;
}

export async function insertKey(
  tx: Queryable,
  key: { kid: string; alg: SigningAlg; publicJwk: PublicJwk; sealed: Uint8Array },
  activatesInSeconds: number,
): Promise<KeyRow> {
  const [row] = await tx<KeyRow[]>`
    insert into signing_keys (kid, alg, public_jwk, private_key, activates_at)
    values (
      ${key.kid}, ${key.alg}, ${tx.json(key.publicJwk)}, ${key.sealed},
      now() + ${activatesInSeconds} * interval '1 second'
    )
    returning kid, alg, public_jwk as "publicJwk", created_at as "createdAt",
      activates_at as "activatesAt"`;
  return row;
}

/**
 * Runs `work` in a transaction holding the keys' lock: replicas that start together, or decide
 * together that the key is due for rotation, each wait and see what the first one did.
 */
export async function withKeysLock<T>(sql: Sql, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    return await work(tx);
  }) as T;
}
