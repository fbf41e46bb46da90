import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";

Deno.test("GET /health/live answers while the process runs", async () => {
  await using api = await testApi();
  const res = await api.request("/health/live");
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "alive" });
});

Deno.test("GET /health/ready answers 200 with the database up and every migration applied", async () => {
  await using api = await testApi();
  const res = await api.request("/health/ready");
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: "success", message: "ready" });
});

Deno.test("GET /health/ready answers 503 naming the migrations not applied", async () => {
  await using api = await testApi();
  const [last] = await api.db.sql`
    delete from schema_migrations
    where version = (select max(version) from schema_migrations) returning version`;
  const res = await api.request("/health/ready");
  assert.equal(res.status, 503);
  assert.equal(res.body.status, "error");
  assert.equal(res.body.message, `Not ready: migrations not applied: ${last.version}.`);
  assert.equal(res.headers.get("Retry-After"), "5");
  assert.equal((await api.request("/health/live")).status, 200);
});
