import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { hashCpuMs, threadCpuMs } from "../testing/blocking.ts";

// A check that bcrypt runs off the request thread, not a benchmark: at cost 12 one hash takes
// about a quarter second of CPU, so hashing on the event loop would stall /ping for seconds. It
// counts the CPU time of the thread serving the requests (this one: the API runs in the test's
// process), which a busy machine does not inflate, rather than the pings' elapsed times.
Deno.test("/ping is answered while 8 logins are hashed at cost 12, by a thread that does not hash", async () => {
  // Eight logins of one account from one network at once exceed its 5 reserved attempts.
  await using api = await testApi({
    BCRYPT_ROUNDS: "12",
    RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: "1000/1m",
  });
  const { user, password } = await api.createUser();
  const perHash = hashCpuMs(12);
  const before = threadCpuMs();

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
  for (let i = 0; i < 5; i++) {
    assert.equal((await api.request("/ping")).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const pendingAfterPings = 8 - loginsDone;

  assert.deepEqual(await Promise.all(logins), Array(8).fill(200));
  assert.ok(
    pendingAfterPings > 0,
    "the logins finished before the pings: the check proved nothing",
  );
  const spent = threadCpuMs() - before;
  // Hashing on this thread would cost it 8 × perHash and hold every ping for a whole hash; serving
  // eight logins and five pings (and checking each answer against the OpenAPI document) costs it
  // a fraction of one.
  assert.ok(
    spent < 2 * perHash,
    `the serving thread spent ${spent} ms of CPU; one hash here takes ${perHash} ms`,
  );
});
