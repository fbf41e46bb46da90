import assert from "node:assert/strict";
import { ApiError } from "../http/errors.ts";
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

Deno.test("a comparison that fails frees its worker", async () => {
  const queue = createLoginQueue({ workers: 1, max: 10 });
  const place = queue.admit(false);
  await assert.rejects(place.compare(() => Promise.reject(new Error("worker died"))));
  place.leave();
  assert.equal(await queue.admit(false).compare(() => Promise.resolve(7)), 7);
});
