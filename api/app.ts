import { $ } from "@hono/zod-openapi";
import { auditRoutes } from "./audit/routes.ts";
import { revocationBarrier } from "./auth_cache/barrier.ts";
import { accountRoutes } from "./auth/account_routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { selfServiceRoutes } from "./auth/self_service_routes.ts";
import type { Deps } from "./deps.ts";
import { emailAdminRoutes } from "./email/admin_routes.ts";
import { emailRoutes } from "./email/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { keyRoutes } from "./keys/routes.ts";
import { serviceRoutes } from "./services/routes.ts";
import { databaseDeadline } from "./http/database_deadline.ts";
import { success } from "./http/envelope.ts";
import { errorHandler, onNotFound } from "./http/error_handler.ts";
import { methodAwareNotFound } from "./http/method_not_allowed.ts";
import { readBody, wellFormedHost } from "./http/request_shape.ts";
import { requestLog } from "./http/request_log.ts";
import { requireJsonBody } from "./http/validate.ts";
import { mailRoutes } from "./mail/routes.ts";
import { mfaAdminRoutes } from "./mfa/admin_routes.ts";
import { mfaRoutes } from "./mfa/routes.ts";
import { openApiDocument } from "./openapi/document.ts";
import { passkeyLoginRoutes } from "./passkeys/login_routes.ts";
import { passkeyRoutes } from "./passkeys/routes.ts";
import { passkeyStepRoutes } from "./passkeys/step_routes.ts";
import { fails, ok, PUBLIC } from "./openapi/replies.ts";
import { messageBody } from "./openapi/responses.ts";
import { createRoute, router } from "./openapi/router.ts";
import { openapiRoutes } from "./openapi/routes.ts";
import { userRoutes } from "./users/routes.ts";

const ping = createRoute({
  method: "get",
  path: "/ping",
  operationId: "ping",
  summary: "Answer pong",
  tags: ["health"],
  security: PUBLIC,
  responses: { 200: ok(messageBody, '"pong!"'), ...fails(500) },
});

export function createApp(deps: Deps) {
  const deadline = databaseDeadline({ deadlineMs: 1700, memoryMs: 10_000 });
  const root = router();
  const app = $(
    root
      .use(requestLog(deps.logger))
      // Outside the deadline: the wait for other replicas is not the database being slow.
      .use(revocationBarrier(deps.authCache))
      .use(deadline.middleware)
      .use(async (c, next) => {
        await next();
        // Every answer depends on who asks, and no shared cache may keep one, unless its route
        // says otherwise (the public keys).
        if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
        c.header("X-Content-Type-Options", "nosniff");
      })
      .use(wellFormedHost)
      .use(readBody)
      .use(requireJsonBody),
  )
    .openapi(ping, (c) => c.json(success({ message: "pong!" }), 200))
    .route("/health", healthRoutes(deps))
    .route("/auth", authRoutes(deps))
    .route("/auth", accountRoutes(deps))
    .route("/auth", emailRoutes(deps))
    .route("/auth", selfServiceRoutes(deps))
    .route("/auth/mfa", mfaRoutes(deps))
    .route("/auth/passkeys", passkeyRoutes(deps))
    .route("/auth/passkeys", passkeyStepRoutes(deps))
    .route("/auth/login", passkeyLoginRoutes(deps))
    .route("/users", userRoutes(deps))
    .route("/users", emailAdminRoutes(deps))
    .route("/users", mfaAdminRoutes(deps))
    .route("/audit", auditRoutes(deps))
    .route("/mail", mailRoutes(deps))
    .route("/.well-known", keyRoutes(deps))
    .route("/auth", serviceRoutes(deps))
    .route("/", openapiRoutes(() => openApiDocument(root)));

  app.onError(errorHandler(deps.logger, deadline.markUnavailable));
  app.notFound(methodAwareNotFound(() => app.routes, onNotFound));
  return app;
}

/** The API's type, for the web app's typed client (`hono/client`). */
export type AppType = ReturnType<typeof createApp>;
