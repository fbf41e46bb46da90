import assert from "node:assert/strict";
import { spawnApi } from "../testing/api_process.ts";
import { testDatabase } from "../testing/database.ts";

const SECRET_KEY = "keys-replicas-test-secret-0123456789abcdef";

Deno.test("two API processes: the first start creates one key, a rotation that falls due creates one more", async () => {
  await using db = await testDatabase();
  const start = () => spawnApi({ DATABASE_URL: db.appUrl, SECRET_KEY });
  {
    const [a, b] = await Promise.all([start(), start()]);
    await using _a = a;
    await using _b = b;
    assert.equal((await db.sql`select 1 from signing_keys`).length, 1);
    const sets = await Promise.all([a, b].map((api) => jwks(api.url)));
    assert.deepEqual(sets[0], sets[1]);
  }
  // Ninety days later (SIGNING_KEY_ROTATION_DAYS' default) both start again at once.
  await db.sql`
    update signing_keys set created_at = created_at - interval '90 days',
      activates_at = activates_at - interval '90 days'`;
  const [a, b] = await Promise.all([start(), start()]);
  await using _a = a;
  await using _b = b;
  const rows = await db.sql`
    select kid, extract(epoch from activates_at - created_at)::integer as delay
    from signing_keys order by created_at`;
  assert.deepEqual(rows.map((row) => row.delay), [0, 300]);
  for (const api of [a, b]) {
    assert.deepEqual((await jwks(api.url)).sort(), rows.map((row) => row.kid).sort());
  }
});

async function jwks(url: string): Promise<string[]> {
  const res = await fetch(`${url}/.well-known/jwks.json`);
  const body = await res.json();
  return body.keys.map((key: { kid: string }) => key.kid);
}
