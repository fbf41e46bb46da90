/**
 * Whether an address has an account must not show in how long the anonymous mail requests take,
 * measured as api/auth/timing_test.ts measures logins: medians of alternating requests, within
 * 15%, the best of three rounds (other test files share the machine; a real leak fails every
 * round). The known and the unknown address are each asked for again and again: an address seen
 * for the first time adds rows to the limits' tables whether or not it has an account, and on a
 * busy machine those inserts alone made fresh unknown addresses look slower than a known one
 * asked for before.
 */
import assert from "node:assert/strict";
import { type TestApi, testApi } from "../testing/api.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const UNLIMITED = {
  MAIL_RESEND_INTERVAL: "0",
  RATE_LIMIT_MAIL_ADDRESS: "100000/1m",
  RATE_LIMIT_MAIL_IP: "100000/1m",
  RATE_LIMIT_REGISTER_IP: "100000/1m",
};

async function assertSameTiming(
  api: TestApi,
  attempt: (known: boolean, round: number, i: number) => Promise<void>,
) {
  const timed = async (known: boolean, round: number, i: number) => {
    const started = performance.now();
    await attempt(known, round, i);
    const elapsed = performance.now() - started;
    // The work that follows an answer is not part of it, but must not spill into the next one.
    await api.deps.afterResponse.settled();
    return elapsed;
  };
  await timed(true, -1, 0); // warm up
  await timed(false, -1, 1);
  const rounds: string[] = [];
  for (let round = 0; round < 3; round++) {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 15; i++) {
      known.push(await timed(true, round, i));
      unknown.push(await timed(false, round, i));
    }
    const [a, b] = [median(known), median(unknown)];
    rounds.push(`${a.toFixed(2)} vs ${b.toFixed(2)} ms`);
    if (Math.abs(a - b) / Math.max(a, b) <= 0.15) return;
  }
  assert.fail(`medians (known vs unknown) differ by more than 15%: ${rounds.join("; ")}`);
}

Deno.test("POST /auth/password/forgot takes as long for an unknown address as for a known one", async () => {
  await using api = await testApi(UNLIMITED);
  const me = await api.createUser();
  await assertSameTiming(api, async (known) => {
    const email = known ? me.user.email : "nobody@example.com";
    const res = await api.request("/auth/password/forgot", { method: "POST", json: { email } });
    assert.equal(res.status, 202);
  });
  const [{ count }] = await api.db.sql`
    select count(*)::int from mail_outbox where kind = 'password_reset'`;
  assert.ok(count >= 16, "the known address really got its mails");
});

Deno.test("POST /auth/email/resend takes as long for an unknown address as for an unverified one", async () => {
  await using api = await testApi(UNLIMITED);
  const me = await api.createUser();
  await assertSameTiming(api, async (known) => {
    const email = known ? me.user.email : "nobody@example.com";
    const res = await api.request("/auth/email/resend", { method: "POST", json: { email } });
    assert.equal(res.status, 202);
  });
});

Deno.test("with REQUIRE_EMAIL_VERIFICATION, registering a taken address takes as long as a new one", async () => {
  await using api = await testApi({
    ...UNLIMITED,
    REQUIRE_EMAIL_VERIFICATION: "true",
    BCRYPT_ROUNDS: "10",
  });
  const owner = await api.createUser({ email: "taken@example.com" });
  await assertSameTiming(api, async (taken, round, i) => {
    const n = `${round + 1}x${i}`.replace("-", "m");
    const res = await api.request("/auth/register", {
      method: "POST",
      json: {
        username: `${taken ? "t" : "n"}${n}`,
        email: taken ? owner.user.email : `new${n}@example.com`,
        password: "a long passphrase",
      },
    });
    assert.equal(res.status, 202);
  });
});
