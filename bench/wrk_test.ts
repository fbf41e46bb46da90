import assert from "node:assert/strict";
import { luaString, parseWrkOutput, wrkScript } from "./wrk.ts";

Deno.test("luaString escapes quotes, backslashes and every non-printable byte", () => {
  assert.equal(luaString(`{"a":"b\\c"}`), `"{\\"a\\":\\"b\\\\c\\"}"`);
  assert.equal(luaString("line\n"), `"line\\010"`);
  assert.equal(luaString("é"), `"\\195\\169"`);
});

Deno.test("wrkScript sets the method, body and headers and reports through done()", () => {
  const script = wrkScript({
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: '{"email":"a@b.c"}',
  });
  assert.match(script, /^wrk\.method = "POST"$/m);
  assert.match(script, /^wrk\.body = "\{\\"email\\":\\"a@b\.c\\"\}"$/m);
  assert.match(script, /^wrk\.headers\["Content-Type"\] = "application\/json"$/m);
  assert.match(script, /^done = function\(summary, latency, requests\)$/m);
  assert.match(script, /latency:percentile\(99\)/);
});

Deno.test("wrkScript leaves out the body of a GET", () => {
  const script = wrkScript({ headers: { Authorization: "Bearer x.y.z" } });
  assert.match(script, /^wrk\.method = "GET"$/m);
  assert.doesNotMatch(script, /wrk\.body/);
  assert.match(script, /^wrk\.headers\["Authorization"\] = "Bearer x\.y\.z"$/m);
});

Deno.test("parseWrkOutput reads the done() line among wrk's report", () => {
  const output = [
    "Running 10s test @ http://127.0.0.1:8000/auth/login",
    "  1 threads and 4 connections",
    "  82 requests in 10.01s, 50.23KB read",
    "  Non-2xx or 3xx responses: 2",
    "Requests/sec:      8.19",
    'BENCH_JSON {"requests":82,"duration_us":10010000,"status":2,"socket":1,' +
    '"p50_us":489000,"p99_us":731500}',
  ].join("\n");
  const result = parseWrkOutput(output);
  assert.equal(result.requests, 82);
  assert.equal(result.seconds, 10.01);
  assert.equal(result.badStatus, 2);
  assert.equal(result.socketErrors, 1);
  assert.equal(result.okPerSecond, 80 / 10.01);
  assert.equal(result.p50Ms, 489);
  assert.equal(result.p99Ms, 731.5);
});

Deno.test("parseWrkOutput fails with wrk's own words when the result line is missing", () => {
  assert.throws(
    () => parseWrkOutput("unable to connect to 127.0.0.1:1 Connection refused"),
    /wrk printed no result:\nunable to connect/,
  );
});
