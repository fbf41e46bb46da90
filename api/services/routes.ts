/**
 * POST /auth/introspect (RFC 7662): a registered service asks whether an access token is active
 * right now. Services authenticate with HTTP Basic (`client_id:client_secret`) and are limited per
 * service (RATE_LIMIT_INTROSPECT). The answer is RFC 7662's object, not the API's envelope.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Deps } from "../deps.ts";
import { createBatchedLimit } from "../security/batched_rate_limit.ts";
import { ApiError, invalidPayload } from "../http/errors.ts";
import { fail, fails, ok, SERVER } from "../openapi/replies.ts";
import { createRoute, router } from "../openapi/router.ts";
import type { ServiceClient } from "./queries.ts";
import { introspectBody, introspectionBody } from "./schemas.ts";
import { createServiceAuthenticator, introspect } from "./service.ts";

type ServiceEnv = { Variables: { service: ServiceClient } };

const SERVICE_BASIC = [{ serviceBasic: [] }];
const example = { token: "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.e30.c2ln" };

function unauthenticated(): ApiError {
  return new ApiError(401, "Unknown service or wrong secret.", {
    headers: { "WWW-Authenticate": 'Basic realm="users"' },
  });
}

/**
 * Hono's form validator parses a body through a Response (a stream and a multipart-capable
 * parser): a third of the difference between a form and a JSON introspection in a profile. A
 * urlencoded body (already read whole by readBody) is parsed here with URLSearchParams, as the
 * Fetch standard's parser does, and handed to it through the same cache.
 */
function parseFormAhead(c: Context) {
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header("Content-Type") ?? "")) return;
  // Hono stores promises here, though its type names the resolved values (see request_shape.ts).
  const cache = c.req.bodyCache as Record<string, Promise<ArrayBuffer | FormData> | undefined>;
  const bytes = cache.arrayBuffer as Promise<ArrayBuffer> | undefined;
  if (!bytes || cache.formData) return;
  cache.formData = bytes.then((buffer) => {
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(new TextDecoder().decode(buffer))) {
      form.append(name, value);
    }
    return form;
  });
}

export function serviceRoutes(deps: Deps) {
  const services = createServiceAuthenticator(deps.sql, {
    rememberMs: deps.config.serviceRememberMs,
  });
  // Decided in memory, counted in PostgreSQL every 100 ms: see batched_rate_limit.ts for what
  // that means with several processes.
  const limit = createBatchedLimit(
    deps.sql,
    "introspectService",
    deps.config.rateLimits.introspectService,
    { background: (work) => deps.afterResponse.run("introspection counts", work) },
  );
  const requireService = createMiddleware<ServiceEnv>(async (c, next) => {
    const service = await services.authenticateBasic(c.req.header("Authorization") ?? "");
    if (!service) throw unauthenticated();
    limit.consume(service.clientId);
    parseFormAhead(c);
    c.set("service", service);
    await next();
  });

  return router().openapi(
    createRoute({
      method: "post",
      path: "/introspect",
      operationId: "introspect",
      summary: "Whether an access token is active now (RFC 7662), for registered services",
      description: "`active: false` for anything that is not a valid access token of a live " +
        "session of an active user as of this request: a logout, a revoked session or a " +
        "deactivated user shows at once, unlike offline verification with the JWKS.",
      tags: ["services"],
      security: SERVICE_BASIC,
      middleware: [requireService] as const,
      request: {
        body: {
          required: false,
          content: {
            "application/x-www-form-urlencoded": { schema: introspectBody, example },
            "application/json": { schema: introspectBody, example },
          },
        },
      },
      responses: {
        200: ok(introspectionBody, "The token's state."),
        ...fails(400, 413, 429, ...SERVER),
        ...fail(401, "No Basic credentials, an unknown or revoked service, or a wrong secret."),
      },
    }),
    async (c) => {
      const form = /^application\/x-www-form-urlencoded/i.test(c.req.header("Content-Type") ?? "");
      const body = form ? c.req.valid("form") : c.req.valid("json");
      if (typeof body.token !== "string") {
        throw invalidPayload([{ field: "token", message: "Required." }]);
      }
      return c.json(await introspect(deps, body.token), 200);
    },
  );
}
