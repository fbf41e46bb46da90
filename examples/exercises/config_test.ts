import assert from "node:assert/strict";
import { ExercisesConfigError, loadExercisesConfig } from "./config.ts";

Deno.test("the exercises service's settings: defaults, and each bad one named", () => {
  const config = loadExercisesConfig({});
  assert.equal(config.port, 8100);
  assert.equal(config.usersUrl, "http://127.0.0.1:8000");
  assert.equal(config.issuer, "http://localhost:8080");
  assert.equal(config.audience, "exercises");
  assert.equal(config.introspection, undefined);
  assert.equal(config.jwksCacheSeconds, 300, "the JWKS' own max-age");
  assert.equal(config.jwksCooldownSeconds, 30);
  assert.throws(
    () =>
      loadExercisesConfig({
        PORT: "http",
        USERS_URL: "ftp://x",
        INTROSPECT_CLIENT_ID: "svc_x",
        JWKS_CACHE_SECONDS: "-1",
      }),
    (error: Error) =>
      error instanceof ExercisesConfigError &&
      ["PORT", "USERS_URL", "INTROSPECT_CLIENT_ID", "JWKS_CACHE_SECONDS"].every((name) =>
        error.message.includes(name)
      ),
  );
});
