/** The JWK Set that /.well-known/jwks.json publishes (RFC 7517): public members only. */
import { z } from "zod";

export const jwk = z.strictObject({
  kty: z.enum(["OKP", "EC"]),
  crv: z.enum(["Ed25519", "P-256"]),
  x: z.string(),
  y: z.string().optional().describe("EC keys only."),
  kid: z.string().describe("The `kid` in the header of the tokens this key signs."),
  alg: z.enum(["EdDSA", "ES256"]),
  use: z.literal("sig"),
}).meta({ id: "Jwk" });

export const jwksBody = z.strictObject({
  keys: z.array(jwk).min(1).describe(
    "The keys that are about to sign, sign now, or signed tokens that have not expired yet.",
  ),
}).meta({ id: "Jwks" });
