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
    RATE_LIMIT_LOGIN_EMAIL: "1000/1m",
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
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 15; i++) {
    known.push(await attempt(user.email));
    unknown.push(await attempt(`nobody${i}@example.com`));
  }
  const [a, b] = [median(known), median(unknown)];
  const gap = Math.abs(a - b) / Math.max(a, b);
  assert.ok(
    gap <= 0.15,
    `medians ${a.toFixed(1)} ms (wrong password) vs ${b.toFixed(1)} ms (unknown email)`,
  );
  // The comparison must really be bcrypt's: at cost 10 it takes tens of milliseconds.
  assert.ok(
    Math.min(a, b) > 20,
    `medians ${a.toFixed(1)} / ${b.toFixed(1)} ms are too fast for bcrypt`,
  );
});
