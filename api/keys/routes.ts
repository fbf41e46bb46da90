/**
 * GET /.well-known/jwks.json: the public keys other services verify access tokens with. The same
 * for everybody, so shared caches may keep it for as long as a new key waits before it signs.
 */
import type { Deps } from "../deps.ts";
import { fails, ok, PUBLIC } from "../openapi/replies.ts";
import { createRoute, router } from "../openapi/router.ts";
import { jwksBody } from "./schemas.ts";

/** The JWKS cache lifetime; SIGNING_KEY_PUBLISH_DELAY's default waits this long. */
export const JWKS_MAX_AGE_SECONDS = 300;

const jwks = createRoute({
  method: "get",
  path: "/jwks.json",
  operationId: "jwks",
  summary: "The public keys that verify access tokens (JWK Set)",
  description: "Published keys: `next` (about to sign), `current` and `previous` (its tokens " +
    "have not all expired). Verify a token with the key its header's `kid` names, with that " +
    "key's `alg`, and check `iss` and `aud`. Cached for " + `${JWKS_MAX_AGE_SECONDS} s.`,
  tags: ["keys"],
  security: PUBLIC,
  responses: { 200: ok(jwksBody, "The JWK Set."), ...fails(500) },
});

export function keyRoutes(deps: Deps) {
  return router().openapi(jwks, (c) => {
    c.header("Cache-Control", `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
    return c.json({ keys: deps.keyring.published() }, 200);
  });
}
