import assert from "node:assert/strict";
import { introspectRequests, introspectRow } from "./introspect.ts";
import { type WrkResult, wrkScript } from "./wrk.ts";

const wrk = (okPerSecond: number, badStatus = 0): WrkResult => ({
  requests: okPerSecond * 5,
  seconds: 5,
  badStatus,
  socketErrors: 0,
  okPerSecond,
  p50Ms: 1,
  p99Ms: 2,
});

Deno.test("the introspection request is a form post with the service's Basic credentials", () => {
  const { introspect, status } = introspectRequests(
    "http://127.0.0.1:8000",
    "a.b.c",
    { clientId: "svc_x", clientSecret: "s3cret" },
    4,
  );
  const script = wrkScript(introspect);
  assert.match(script, /wrk\.method = "POST"/);
  assert.match(script, /wrk\.body = "token=a\.b\.c"/);
  assert.match(script, new RegExp(`Basic ${btoa("svc_x:s3cret")}`));
  assert.match(script, /application\/x-www-form-urlencoded/);
  assert.equal(status.url, "http://127.0.0.1:8000/auth/status");
  assert.deepEqual(status.headers, { Authorization: "Bearer a.b.c" });
});

Deno.test("the row compares the best round of each and passes from half of /auth/status", () => {
  const pass = introspectRow(4, [wrk(400), wrk(520)], [wrk(1000), wrk(900)]);
  assert.equal(pass.ratio, 0.52);
  assert.equal(pass.pass, true);
  assert.equal(pass.target, "≥ 0.5");
  const fail = introspectRow(4, [wrk(480)], [wrk(1000)]);
  assert.equal(fail.pass, false);
  const errors = introspectRow(4, [wrk(900, 3)], [wrk(1000)]);
  assert.equal(errors.pass, false, "refused introspections do not count as a pass");
  assert.match(errors.measured, /3 errors/);
});
