/** The OpenAPI 3.1 document, generated from the routes' own declarations (`createRoute`). */
import type { OpenAPIHono } from "@hono/zod-openapi";

export const API_VERSION = "1.0.0";

/** What the document needs of an app (of any environment): its routes' registry. */
export type DocumentedApp = Pick<OpenAPIHono, "openAPIRegistry" | "getOpenAPI31Document">;
export type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

export const TAGS = [
  { name: "health", description: "Liveness and readiness, for load balancers." },
  { name: "auth", description: "Registering, logging in and out, access and refresh tokens." },
  { name: "account", description: "The caller's own password, sessions and activity." },
  {
    name: "mfa",
    description: "Second factors: the authenticator app, recovery codes, the login's second " +
      "step, re-checks before sensitive actions.",
  },
  {
    name: "passkeys",
    description: "Passkeys (WebAuthn): adding and removing them, signing in with one without " +
      "an email, the login's second step and re-checks with one.",
  },
  {
    name: "email",
    description: "Mailed links: verifying the address, resetting a forgotten password.",
  },
  { name: "users", description: "The user directory; admins manage accounts." },
  { name: "audit", description: "The audit trail, for admins." },
  { name: "mail", description: "The outbox: mail sent, waiting or given up, for admins." },
  { name: "keys", description: "The public keys other services verify access tokens with." },
  { name: "services", description: "What registered services may ask: token introspection." },
];

const DESCRIPTION = `Every body is JSON. Success: \`status: "success"\` with a \`message\` and/or
\`data\`. Failure: \`status: "fail"\` (4xx) or \`"error"\` (5xx) with a \`message\`, and for 400
\`errors: [{field, message}]\`. Unknown fields are refused. Any path: an unknown one answers 404, a
known one with another method 405 with \`Allow\`, a body over 64 KiB 413.`;

const SECURITY_SCHEMES = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The access token of `POST /auth/login`, `/auth/register` or `/refresh`.",
  },
  refreshCookie: { type: "apiKey", in: "cookie", name: "refresh_token" },
  serviceBasic: {
    type: "http",
    scheme: "basic",
    description:
      "A registered service's `client_id` and `client_secret` (`deno task service:create`).",
  },
} as const;

const documents = new WeakMap<DocumentedApp, OpenApiDocument>();

/** The document of an app's routes, built once per app. */
export function openApiDocument(app: DocumentedApp): OpenApiDocument {
  let document = documents.get(app);
  if (!document) {
    document = app.getOpenAPI31Document({
      openapi: "3.1.1",
      info: { title: "Users service", version: API_VERSION, description: DESCRIPTION },
      tags: TAGS,
    });
    // The generator adds empty `webhooks` and `components.parameters`; we have neither.
    delete document.webhooks;
    document.components = {
      schemas: document.components?.schemas,
      securitySchemes: SECURITY_SCHEMES,
    };
    documents.set(app, document);
  }
  return document;
}
