import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Whether an email has an account must not show in how long a failed login takes: an unknown
// email is compared against a dummy hash of the same cost.
Deno.test("a login for an unknown email takes as long as one with a wrong password", async () => {
  await using api = await testApi({
    BCRYPT_ROUNDS: "10",
    RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "1000/1m",
    RATE_LIMIT_LOGIN_IP: "1000/1m",
  });
  const { user } = await api.createUser();
  const attempt = async (email: string) => {
    const started = performance.now();
    const res = await api.request("/auth/login", {
      method: "POST",
      json: { email, password: "definitely wrong" },
    });
    assert.equal(res.status, 401);
    return performance.now() - started;
  };
  await attempt(user.email); // warm the connection and the worker
  // Other test files run beside this one, and a burst of their work can skew one round; a real
  // leak (no bcrypt for unknown emails) fails every round, so the best of three rounds decides.
  const rounds: string[] = [];
  for (let round = 0; round < 3; round++) {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 15; i++) {
      known.push(await attempt(user.email));
      unknown.push(await attempt(`nobody${round}-${i}@example.com`));
    }
    const [a, b] = [median(known), median(unknown)];
    rounds.push(`${a.toFixed(1)} vs ${b.toFixed(1)} ms`);
    // The comparison must really be bcrypt's: at cost 10 it takes tens of milliseconds.
    assert.ok(
      Math.min(a, b) > 20,
      `medians ${a.toFixed(1)} / ${b.toFixed(1)} ms: too fast for bcrypt`,
    );
    if (Math.abs(a - b) / Math.max(a, b) <= 0.15) return;
  }
  assert.fail(
    `medians (wrong password vs unknown email) differ by more than 15%: ${rounds.join("; ")}`,
  );
});
