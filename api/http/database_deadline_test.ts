import assert from "node:assert/strict";
import { Hono } from "hono";
import { databaseDeadline } from "./database_deadline.ts";
import { errorHandler } from "./error_handler.ts";
import { silentLogger } from "./logger.ts";

function app() {
  const deadline = databaseDeadline({ deadlineMs: 200, memoryMs: 5000 });
  const app = new Hono()
    .use(deadline.middleware)
    .get("/slow", async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return c.text("finished");
    })
    .get("/down", () => {
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    });
  app.onError(errorHandler(silentLogger, deadline.markUnavailable));
  return app;
}

Deno.test("a slow request finishes normally while the database has not been seen down", async () => {
  const res = await app().request("/slow");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "finished");
});

Deno.test("once the database was seen down, a request past the deadline answers 503 at once", async () => {
  const subject = app();
  assert.equal((await subject.request("/down")).status, 503);
  const started = performance.now();
  const res = await subject.request("/slow");
  const took = performance.now() - started;
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { status: "error", message: "Service unavailable." });
  assert.ok(took < 500, `took ${Math.round(took)} ms`);
  // The abandoned handler still runs to its end; let it, so no timer outlives the test.
  await new Promise((resolve) => setTimeout(resolve, 500));
});
