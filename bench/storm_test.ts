import assert from "node:assert/strict";
import { deviceCookie, stormLua, stormRows } from "./storm.ts";
import { wrkScript } from "./wrk.ts";
import type { WrkResult } from "./wrk.ts";

const wrk = (okPerSecond: number, requests: number, badStatus: number): WrkResult => ({
  requests,
  seconds: 5,
  badStatus,
  socketErrors: 0,
  okPerSecond,
  p50Ms: 1,
  p99Ms: 2,
});

Deno.test("the storm's script varies the network and the email of every guess", () => {
  const script = wrkScript({ method: "POST", lua: stormLua(256) });
  assert.match(script, /^request = function\(\)$/m);
  assert.match(script, /local net = n % 256/);
  assert.match(script, /wrk\.headers\["X-Forwarded-For"\] = string\.format\("10\.%d\.%d\.1"/);
  assert.match(script, /guess-%d@storm\.example/);
  assert.match(script, /return wrk\.format\(nil, nil, nil, body\)/);
  // The done() hook still follows, so the counters are reported.
  assert.ok(script.indexOf("request = function") < script.indexOf("done = function"));
});

Deno.test("deviceCookie picks the login_device cookie among Set-Cookie headers", () => {
  const headers = new Headers();
  headers.append("Set-Cookie", "refresh_token=abc; Path=/auth; HttpOnly");
  headers.append("Set-Cookie", "login_device=1.x.2.y; Path=/auth/login; HttpOnly");
  assert.equal(deviceCookie(headers), "login_device=1.x.2.y");
  assert.throws(() => deviceCookie(new Headers()), /no device cookie/);
});

Deno.test("stormRows passes at half the undisturbed rate and a ping p99 within 3 times idle", () => {
  const idlePings = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
  const stormPings = { p50Ms: 1.5, p99Ms: 5, latencies: [1.5, 5] };
  const figures = {
    alone: wrk(8, 40, 0),
    stormed: wrk(4, 20, 0),
    storm: wrk(0, 5000, 5000),
    idlePings,
    stormPings,
    via: "",
  };
  const [logins, ping] = stormRows(figures);
  assert.equal(logins.ratio, 0.5);
  assert.equal(logins.pass, true);
  assert.match(logins.measured, /^4\.00 logins\/s \(storm: 1,000 guesses\/s from 256 networks/);
  assert.equal(ping.pass, true);
  assert.equal(stormRows({ ...figures, stormed: wrk(3.9, 20, 0) })[0].pass, false);
  // An owner's login refused, or a guess let in, fails the row whatever the rate.
  assert.equal(stormRows({ ...figures, stormed: wrk(8, 40, 1) })[0].pass, false);
  assert.equal(stormRows({ ...figures, storm: wrk(1, 5000, 4995) })[0].pass, false);
  const slow = { ...stormPings, p99Ms: 10 };
  assert.equal(stormRows({ ...figures, stormPings: slow })[1].pass, false);
});
