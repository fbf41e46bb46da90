import assert from "node:assert/strict";
import { createSql, type Sql } from "../db.ts";
import { silentLogger } from "../http/logger.ts";
import { testDatabase } from "../testing/database.ts";
import { tcpProxy } from "../testing/tcp_proxy.ts";
import { generateSigningKey, seal, SealedKeyError, sealingKey, unseal } from "./crypto.ts";
import { createKeyring, type KeyringOptions } from "./keyring.ts";
import { rotateKey } from "./service.ts";

const SECRET = "keyring-test-secret-0123456789abcdefghij";
const settings: KeyringOptions = {
  secretKey: SECRET,
  alg: "EdDSA",
  publishDelaySeconds: 300,
  rotationDays: 90,
  tokenTtlSeconds: 900,
  logger: silentLogger,
  refreshMs: 0,
};

/** A keyring on its own pool, as another replica would have. */
async function replica(url: string, overrides: Partial<KeyringOptions> = {}) {
  const sql = createSql(url, { max: 2 });
  try {
    const keyring = await createKeyring(sql, { ...settings, ...overrides });
    return {
      keyring,
      async [Symbol.asyncDispose]() {
        await keyring.close();
        await sql.end();
      },
    };
  } catch (error) {
    await sql.end();
    throw error;
  }
}

Deno.test("replicas starting together on an empty database create one key, which signs at once", async () => {
  await using db = await testDatabase();
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => replica(db.appUrl)));
  await using _a = a;
  await using _b = b;
  await using _c = c;
  const rows = await db.sql`select kid, created_at, activates_at from signing_keys`;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].activates_at.getTime(), rows[0].created_at.getTime());
  for (const { keyring } of [a, b, c]) {
    assert.equal(keyring.signingKey().kid, rows[0].kid);
    assert.deepEqual(keyring.states().map(({ state }) => state), ["current"]);
  }
});

Deno.test("a private key is stored sealed: the row alone, or another SECRET_KEY, cannot open it", async () => {
  await using db = await testDatabase();
  await using first = await replica(db.appUrl);
  const [row] = await db.sql`select kid, alg, private_key, public_jwk from signing_keys`;
  const sealed = new Uint8Array(row.private_key);
  // PKCS #8 DER starts with a SEQUENCE; the Ed25519 OID (1.3.101.112) is 06 03 2b 65 70.
  const oid = [0x06, 0x03, 0x2b, 0x65, 0x70];
  const holdsOid = sealed.some((_, i) => oid.every((byte, j) => sealed[i + j] === byte));
  assert.equal(holdsOid, false, "the stored bytes hold a readable PKCS #8 key");
  assert.equal(row.public_jwk.d, undefined);
  await assert.rejects(
    unseal(await sealingKey("another-secret-another-secret-0123456789"), row.kid, sealed),
    SealedKeyError,
  );
  // Moved to another kid, the same bytes do not open either: the kid is authenticated with them.
  await assert.rejects(unseal(await sealingKey(SECRET), "another-kid", sealed), SealedKeyError);
  assert.ok((await unseal(await sealingKey(SECRET), row.kid, sealed)).length > 0);
  // A replica with the wrong SECRET_KEY refuses to start rather than sign with nothing.
  await assert.rejects(
    replica(db.appUrl, { secretKey: "another-secret-another-secret-0123456789" }),
    SealedKeyError,
  );
  assert.equal(first.keyring.signingKey().kid, row.kid);
});

Deno.test("sealing round-trips and every sealing differs (a fresh IV each time)", async () => {
  const key = await sealingKey(SECRET);
  const { kid, pkcs8 } = await generateSigningKey("ES256");
  const [a, b] = [await seal(key, kid, pkcs8), await seal(key, kid, pkcs8)];
  assert.notDeepEqual(a, b);
  assert.deepEqual(await unseal(key, kid, a), pkcs8);
  a[a.length - 1] ^= 1;
  await assert.rejects(unseal(key, kid, a), SealedKeyError);
});

Deno.test("a replica picks up a key another one created, on its own timer", async () => {
  await using db = await testDatabase();
  // The real interval is KEY_REFRESH_MS; the mechanism is the same at 50 ms.
  await using other = await replica(db.appUrl, { refreshMs: 50 });
  const rotated = await withPool(db.appUrl, (sql) => rotateKey(sql, settings));
  while (!other.keyring.published().some((jwk) => jwk.kid === rotated.kid)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const states = other.keyring.states().map(({ key, state }) => [key.kid, state]);
  assert.deepEqual(states.at(-1), [rotated.kid, "next"]);
  assert.notEqual(other.keyring.signingKey().kid, rotated.kid, "a next key does not sign yet");
});

Deno.test("rotation --now makes the new key sign at once; the old one stays published", async () => {
  await using db = await testDatabase();
  await using api = await replica(db.appUrl);
  const old = api.keyring.signingKey().kid;
  const rotated = await withPool(db.appUrl, (sql) => rotateKey(sql, settings, { now: true }));
  await api.keyring.refresh();
  assert.equal(api.keyring.signingKey().kid, rotated.kid);
  assert.deepEqual(api.keyring.published().map((jwk) => jwk.kid), [old, rotated.kid]);
  assert.deepEqual(api.keyring.states().map(({ state }) => state), ["previous", "current"]);
});

Deno.test("a key due for rotation is replaced once, however many replicas notice together", async () => {
  await using db = await testDatabase();
  // Both replicas' clocks say 91 days have passed; the database agrees once the key is aged.
  const later = () => Date.now() + 91 * 86_400_000;
  await using a = await replica(db.appUrl, { now: later });
  await using b = await replica(db.appUrl, { now: later });
  await db.sql`
    update signing_keys set created_at = created_at - interval '91 days',
      activates_at = activates_at - interval '91 days'`;
  await Promise.all([a.keyring.refresh(), b.keyring.refresh(), a.keyring.refresh()]);
  const rows = await db.sql`
    select extract(epoch from activates_at - created_at)::integer as delay
    from signing_keys order by created_at`;
  assert.deepEqual(rows.map((row) => row.delay), [0, 300]);
  // Not due any more: the next round creates nothing.
  await Promise.all([a.keyring.refresh(), b.keyring.refresh()]);
  assert.equal((await db.sql`select 1 from signing_keys`).length, 2);
});

Deno.test("SIGNING_KEY_ROTATION_DAYS=0 never rotates by itself", async () => {
  await using db = await testDatabase();
  await using api = await replica(db.appUrl, {
    rotationDays: 0,
    now: () => Date.now() + 3650 * 86_400_000,
  });
  await db.sql`
    update signing_keys set created_at = created_at - interval '3650 days',
      activates_at = activates_at - interval '3650 days'`;
  await api.keyring.refresh();
  assert.equal((await db.sql`select 1 from signing_keys`).length, 1);
});

async function withPool<T>(url: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = createSql(url, { max: 1 });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

Deno.test("closing while the database cannot be reached does not wait for a refresh", async () => {
  await using db = await testDatabase();
  await using proxy = tcpProxy(db.appUrl);
  const sql = createSql(proxy.url, { max: 2 });
  try {
    const keyring = await createKeyring(sql, { ...settings, refreshMs: 50 });
    proxy.partition();
    // Within one refresh interval a refresh starts, on a connection that never answers: it
    // would wait out the connect timeout (1.5 s).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await keyring.close();
    const took = performance.now() - started;
    assert.ok(took < 1000, `close took ${Math.round(took)} ms`);
  } finally {
    await sql.end({ timeout: 0 });
  }
});
