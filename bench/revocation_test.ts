import assert from "node:assert/strict";
import { revocationRow } from "./revocation.ts";

Deno.test("the revocation row passes on a p99 of at most 50 ms and says what the logout cost", () => {
  const fast = revocationRow(Array.from({ length: 100 }, (_, i) => i < 99 ? 1 : 80), [3, 4, 5]);
  assert.equal(fast.pass, true);
  assert.match(fast.measured, /^1\.00 ms \(p50 1\.00 ms, max 80\.0 ms\)$/);
  assert.match(fast.reference, /the logout itself: p50 4\.00 ms/);
  const slow = revocationRow(Array.from({ length: 100 }, (_, i) => i < 98 ? 1 : 60), [3]);
  assert.equal(slow.pass, false);
  assert.equal(revocationRow([], []).pass, false);
  const broken = revocationRow([1, 1], [3], 1);
  assert.equal(broken.pass, false);
  assert.match(broken.measured, /1 requests let in after the answer/);
});
