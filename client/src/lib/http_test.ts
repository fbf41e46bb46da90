import assert from "node:assert/strict";
import { ApiError, failure, isTemporary } from "./http.ts";

Deno.test("isTemporary: no connection, 429 and 5xx are worth another try", () => {
  for (const status of [0, 429, 500, 502, 503, 504]) {
    assert.equal(isTemporary(new ApiError(status, "x")), true, `${status}`);
  }
});

Deno.test("isTemporary: a refusal (401, 403, 400) or a bug is not", () => {
  for (const status of [400, 401, 403, 404]) {
    assert.equal(isTemporary(new ApiError(status, "x")), false, `${status}`);
  }
  assert.equal(isTemporary(new TypeError("bug")), false);
});

Deno.test("failure says 'Cannot reach the server' for a proxy's 502 without the API's envelope", async () => {
  const error = await failure(new Response("Bad Gateway", { status: 502 }));
  assert.equal(error.status, 502);
  assert.match(error.message, /Cannot reach the server/);
});
