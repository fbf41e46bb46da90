import assert from "node:assert/strict";
import { retryDelay } from "./backoff.ts";

Deno.test("retryDelay doubles from 1 s after each failed try", () => {
  assert.deepEqual([1, 2, 3, 4, 5].map(retryDelay), [1000, 2000, 4000, 8000, 16_000]);
});

Deno.test("retryDelay never waits more than 30 s, however many tries failed", () => {
  assert.equal(retryDelay(6), 30_000);
  assert.equal(retryDelay(1000), 30_000);
});

Deno.test("retryDelay treats a nonsense count as the first failure", () => {
  assert.equal(retryDelay(0), 1000);
  assert.equal(retryDelay(Number.NaN), 1000);
});
