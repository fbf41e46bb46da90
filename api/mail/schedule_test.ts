import assert from "node:assert/strict";
import { nextAttempt, RETRY_POLICY, retryDelayMs } from "./schedule.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

Deno.test("retries start within 10 s, double, and never wait more than 10 minutes", () => {
  const delays = Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1));
  assert.deepEqual(delays, [
    10 * SECOND,
    20 * SECOND,
    40 * SECOND,
    80 * SECOND,
    160 * SECOND,
    320 * SECOND,
    10 * MINUTE,
    10 * MINUTE,
    10 * MINUTE,
  ]);
  assert.equal(retryDelayMs(5000), 10 * MINUTE);
  assert.throws(() => retryDelayMs(0), RangeError);
});

Deno.test("a mail is tried again until 24 hours after it was queued, then given up", () => {
  const queuedAt = new Date("2030-01-01T00:00:00Z");
  const after = (ms: number) => new Date(queuedAt.getTime() + ms);
  assert.deepEqual(nextAttempt(queuedAt, 1, after(0)), after(10 * SECOND));
  // The last try that still fits: it starts exactly at the 24-hour mark.
  assert.deepEqual(
    nextAttempt(queuedAt, 200, after(24 * 3600_000 - 10 * MINUTE)),
    after(24 * 3600_000),
  );
  assert.equal(nextAttempt(queuedAt, 200, after(24 * 3600_000 - 10 * MINUTE + 1)), undefined);
  assert.equal(RETRY_POLICY.giveUpAfterMs, 24 * 3600_000);
});

Deno.test("an SMTP server away for a day gets about 150 tries, none more than 10 minutes apart", () => {
  const queuedAt = new Date("2030-01-01T00:00:00Z");
  let now = queuedAt;
  let failures = 0;
  const gaps: number[] = [];
  while (true) {
    failures++;
    const next = nextAttempt(queuedAt, failures, now);
    if (!next) break;
    gaps.push(next.getTime() - now.getTime());
    now = next;
  }
  assert.ok(gaps.every((gap) => gap <= 10 * MINUTE));
  assert.ok(now.getTime() - queuedAt.getTime() <= 24 * 3600_000);
  assert.ok(now.getTime() - queuedAt.getTime() > 24 * 3600_000 - 10 * MINUTE);
  assert.ok(failures > 140 && failures < 150, `${failures} tries`);
});
