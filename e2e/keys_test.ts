import assert from "node:assert/strict";
import { e2eStack } from "./stack.ts";

Deno.test("Caddy routes /.well-known/jwks.json to the API and keeps its cache lifetime", async () => {
  await using stack = await e2eStack();
  const res = await fetch(`${stack.url}/.well-known/jwks.json`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Cache-Control"), "public, max-age=300");
  const body = await res.json();
  assert.deepEqual(body.keys.map((key: { kid: string }) => key.kid), [
    stack.api.deps.keyring.signingKey().kid,
  ]);
  const other = await fetch(`${stack.url}/.well-known/other`);
  assert.equal(other.status, 404, "the API's 404, not the app's index.html");
  assert.equal((await other.json()).status, "fail");
});
