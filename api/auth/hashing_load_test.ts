import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { blockingHashMs } from "../testing/blocking.ts";

// A check that bcrypt runs off the request thread, not a benchmark: at cost 12 one hash takes
// about a quarter second of CPU, so hashing on the event loop would stall /ping for seconds.
Deno.test("/ping answers faster than one hash takes while 8 logins are being hashed at cost 12", async () => {
  // Eight logins of one account from one network at once exceed its 5 reserved attempts.
  await using api = await testApi({
    BCRYPT_ROUNDS: "12",
    RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "1000/1m",
  });
  const { user, password } = await api.createUser();

  let loginsDone = 0;
  const logins = Array.from(
    { length: 8 },
    () =>
      api.request("/auth/login", { method: "POST", json: { email: user.email, password } })
        .then((res) => {
          loginsDone++;
          return res.status;
        }),
  );

  await new Promise((resolve) => setTimeout(resolve, 50));
  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const res = await api.request("/ping");
    latencies.push(performance.now() - started);
    assert.equal(res.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const pendingAfterPings = 8 - loginsDone;

  assert.deepEqual(await Promise.all(logins), Array(8).fill(200));
  assert.ok(
    pendingAfterPings > 0,
    "the logins finished before the pings: the check proved nothing",
  );
  // Hashing on the event loop would hold every ping for at least one whole hash.
  const blocking = blockingHashMs(12);
  assert.ok(
    Math.max(...latencies) < blocking / 2,
    `ping latencies ${latencies.map(Math.round)} ms; one hash here blocks ${
      Math.round(blocking)
    } ms`,
  );
});
