import assert from "node:assert/strict";
import { ApiError } from "../http/errors.ts";
import { testApi } from "../testing/api.ts";
import { DEVICE_COOKIE } from "./device_cookie.ts";
import { createLoginQueue } from "./login_queue.ts";

/** A comparison that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => open = resolve);
  return { open, compare: () => opened.then(() => true) };
}

function assertBusy(run: () => unknown) {
  assert.throws(run, (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 503);
    assert.equal(error.extra.headers?.["Retry-After"], "1");
    return true;
  });
}

Deno.test("a full login queue refuses at once with 503, and takes logins again once left", () => {
  const queue = createLoginQueue({ workers: 1, max: 2 });
  const places = [queue.admit(false), queue.admit(false)];
  assertBusy(() => queue.admit(false));
  places[0].leave();
  places[0].leave(); // twice gives back one place, not two
  const again = queue.admit(false);
  assertBusy(() => queue.admit(false));
  again.leave();
  places[1].leave();
});

Deno.test("known browsers have their own places, so a storm of unknown ones cannot fill them", () => {
  const queue = createLoginQueue({ workers: 1, max: 1 });
  queue.admit(false);
  assertBusy(() => queue.admit(false));
  queue.admit(true);
  assertBusy(() => queue.admit(true));
});

Deno.test("at most `workers` comparisons run at once, and known browsers go first", async () => {
  const queue = createLoginQueue({ workers: 1, max: 10 });
  const order: string[] = [];
  const first = gate();
  const running = queue.admit(false).compare(() => {
    order.push("first");
    return first.compare();
  });
  const run = (name: string, known: boolean) => {
    const place = queue.admit(known);
    return place.compare(() => {
      order.push(name);
      return Promise.resolve(true);
    }).finally(() => place.leave());
  };
  const later = [run("guess 1", false), run("guess 2", false), run("owner", true)];
  await Promise.resolve();
  assert.deepEqual(order, ["first"]);
  first.open();
  await Promise.all([running, ...later]);
  assert.deepEqual(order, ["first", "owner", "guess 1", "guess 2"]);
});

Deno.test("the last free worker waits for a known browser on its way rather than start a guess", async () => {
  const queue = createLoginQueue({ workers: 2, max: 10 });
  const order: string[] = [];
  const first = gate();
  const running = queue.admit(false).compare(() => {
    order.push("guess 1");
    return first.compare();
  });
  // The owner's login is admitted and still reading the account: it has not asked for a worker.
  const owner = queue.admit(true);
  const guess = queue.admit(false);
  const guessed = guess.compare(() => {
    order.push("guess 2");
    return Promise.resolve(true);
  });
  await Promise.resolve();
  assert.deepEqual(order, ["guess 1"]);
  // Refused before its comparison (say, a 429): the worker it kept goes to the guess.
  owner.leave();
  await guessed;
  assert.deepEqual(order, ["guess 1", "guess 2"]);
  first.open();
  await running;
});

Deno.test("with separate lanes, guesses holding every untrusted worker and place cannot starve a known browser", async () => {
  const queue = createLoginQueue({ workers: 2, max: 3, lanes: "separate" });
  const order: string[] = [];
  const stuck = gate();
  // Two guesses run until the test lets them finish, a third waits, and a fourth is refused.
  const guesses = [1, 2, 3].map((i) =>
    queue.admit(false).compare((lane) => {
      order.push(`guess ${i} (${lane})`);
      return stuck.compare();
    })
  );
  assertBusy(() => queue.admit(false));
  await Promise.resolve();
  assert.deepEqual(order, ["guess 1 (untrusted)", "guess 2 (untrusted)"]);
  // The owner is not queued behind them, nor kept from a worker of its own lane.
  const owners = [1, 2].map((i) =>
    queue.admit(true).compare((lane) => {
      order.push(`owner ${i} (${lane})`);
      return Promise.resolve(i);
    })
  );
  assert.deepEqual(await Promise.all(owners), [1, 2]);
  assert.deepEqual(order.slice(2), ["owner 1 (trusted)", "owner 2 (trusted)"]);
  stuck.open();
  await Promise.all(guesses);
  assert.deepEqual(order.slice(4), ["guess 3 (untrusted)"]);
});

Deno.test("with separate lanes, a known browser on its way leaves the untrusted workers to guesses", async () => {
  const queue = createLoginQueue({ workers: 1, max: 10, lanes: "separate" });
  const owner = queue.admit(true);
  // In the shared lane the last worker would wait for the owner; here it has one of its own.
  assert.equal(await queue.admit(false).compare((lane) => Promise.resolve(lane)), "untrusted");
  assert.equal(await owner.compare((lane) => Promise.resolve(lane)), "trusted");
});

Deno.test("a comparison that fails frees its worker", async () => {
  const queue = createLoginQueue({ workers: 1, max: 10 });
  const place = queue.admit(false);
  await assert.rejects(place.compare(() => Promise.reject(new Error("worker died"))));
  place.leave();
  assert.equal(await queue.admit(false).compare(() => Promise.resolve(7)), 7);
});

Deno.test("over HTTP, a storm that fills the queue gets 503 at once; /ping and the owner's browser do not", async () => {
  await using api = await testApi({ PASSWORD_WORKERS: "1", LOGIN_QUEUE_MAX: "1" });
  const { user, password } = await api.createUser();
  const login = (email: string, headers: HeadersInit = {}) =>
    api.request("/auth/login", { method: "POST", json: { email, password }, headers });
  const first = await login(user.email);
  const cookie = first.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  assert.ok(cookie);

  // Holds every comparison until the test lets go, so the queue's state is known exactly.
  const hasher = api.deps.passwords;
  const original = { verify: hasher.verify, verifyDummy: hasher.verifyDummy };
  const held = gate();
  let entered!: () => void;
  const busy = new Promise<void>((resolve) => entered = resolve);
  hasher.verifyDummy = async (given) => {
    entered();
    await held.compare();
    return await original.verifyDummy(given);
  };
  try {
    const guess = login("nobody@example.com", { "X-Forwarded-For": "10.1.0.1" });
    await busy;
    const counted = () =>
      api.db.sql`
      select (select count(*) from rate_limits)::int as limits,
             (select count(*) from audit_events)::int as events`;
    const before = await counted();
    const refused = await login("someone@example.com", { "X-Forwarded-For": "10.2.0.1" });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("Retry-After"), "1");
    // A refused login cost the database nothing: no counter, no audit row.
    assert.deepEqual(await counted(), before);
    // The owner's own device cookie, sent with another account's email, is no way past the bound.
    const borrowed = await login("someone@example.com", {
      "X-Forwarded-For": "10.3.0.1",
      Cookie: cookie.split(";")[0],
    });
    assert.equal(borrowed.status, 503);
    assert.equal((await api.request("/ping")).status, 200);
    const owner = login(user.email, { Cookie: cookie.split(";")[0] });
    held.open();
    assert.equal((await guess).status, 401);
    assert.equal((await owner).status, 200);
  } finally {
    Object.assign(hasher, original);
  }
});
