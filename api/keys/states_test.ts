import assert from "node:assert/strict";
import { keyStates, type Timed } from "./states.ts";

const S = 1000;
const key = (kid: string, createdAt: number, activatesAt: number): Timed => ({
  kid,
  createdAt: new Date(createdAt * S),
  activatesAt: new Date(activatesAt * S),
});
const states = (keys: Timed[], now: number, retain: number) =>
  Object.fromEntries(keyStates(keys, now * S, retain));

Deno.test("a rotation goes next → current → previous → retired as the clock passes", () => {
  // A signs from 0; B is created at 1000 and signs from 1300; tokens live 900 s (+60 margin).
  const keys = [key("A", 0, 0), key("B", 1000, 1300)];
  assert.deepEqual(states([keys[0]], 500, 960), { A: "current" });
  assert.deepEqual(states(keys, 1000, 960), { A: "current", B: "next" });
  assert.deepEqual(states(keys, 1299, 960), { A: "current", B: "next" });
  assert.deepEqual(states(keys, 1300, 960), { A: "previous", B: "current" });
  assert.deepEqual(states(keys, 2259, 960), { A: "previous", B: "current" });
  assert.deepEqual(states(keys, 2260, 960), { A: "retired", B: "current" });
});

Deno.test("at every second of a rotation, the signing key was published a publish delay before and stays published until its tokens expire", () => {
  const delay = 300;
  const ttl = 900;
  const retain = ttl + 60;
  const keys = [key("A", 0, 0), key("B", 1000, 1000 + delay), key("C", 2000, 2000)];
  const published = (t: number) =>
    new Set(
      [...keyStates(keys, t * S, retain)].filter(([, s]) => s !== "retired").map(([k]) => k),
    );
  for (let t = 0; t < 4000; t++) {
    const signer = [...keyStates(keys, t * S, retain)].find(([, s]) => s === "current")![0];
    // Every token signed now verifies until it expires …
    for (let later = t; later <= t + ttl; later += 50) {
      assert.ok(published(later).has(signer), `${signer} signed at ${t}, gone at ${later}`);
    }
    // … and a consumer whose key set is up to `delay` old already had the key, but for C,
    // made with --now (no delay): consumers fetch again on its unknown kid.
    const created = keys.find((k) => k.kid === signer)!.createdAt.getTime() / S;
    if (signer !== "C") assert.ok(created <= Math.max(0, t - delay) || signer === "A", `${t}`);
  }
});

Deno.test("several next keys: the latest activated signs, the others wait", () => {
  const keys = [key("A", 0, 0), key("B", 10, 310), key("C", 20, 320)];
  assert.deepEqual(states(keys, 100, 960), { A: "current", B: "next", C: "next" });
  assert.deepEqual(states(keys, 315, 960), { A: "previous", B: "current", C: "next" });
  assert.deepEqual(states(keys, 320, 960), { A: "previous", B: "previous", C: "current" });
});
