/** POST /auth/introspect's body (RFC 7662), as a form or as JSON, and its answers. */
import { z } from "zod";

export const introspectBody = z.strictObject({
  token: z.string().min(1).max(8192),
  token_type_hint: z.string().max(64).optional().describe(
    "Ignored: only access tokens can be introspected (RFC 7662 lets the server decide).",
  ),
});
export type IntrospectBody = z.infer<typeof introspectBody>;

export const inactiveBody = z.strictObject({ active: z.literal(false) }).meta({
  id: "InactiveToken",
});

export const activeBody = z.strictObject({
  active: z.literal(true),
  sub: z.string().describe("The user id."),
  sid: z.uuid().describe("The session; logging out ends it."),
  exp: z.int(),
  iat: z.int(),
  scope: z.string().describe('"user", or "user admin" for an active admin.'),
  username: z.string(),
  admin: z.boolean().describe("As the user is now, not as the token says."),
}).meta({ id: "ActiveToken" });

export const introspectionBody = z.union([activeBody, inactiveBody]).meta({
  id: "Introspection",
});

/** A service's name as `service:create` takes it. */
export const serviceName = z.string().regex(
  /^[a-z0-9][a-z0-9_.-]{0,62}$/,
  "must be 1 to 63 of a-z 0-9 _ . - starting with a letter or digit",
);
