/**
 * The router every route file builds on: Hono's OpenAPIHono, where a route is declared with
 * `createRoute({ method, path, request, responses, … })` next to its handler. The declaration
 * validates the request, types the handler, and is the route's entry in the OpenAPI document.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { z } from "zod";
import { invalidPayload } from "../http/errors.ts";
import { fieldErrors } from "../http/validate.ts";

export { createRoute } from "@hono/zod-openapi";

/** A new router whose failed validations throw our 400 "Invalid payload." with field errors. */
export function router<E extends Env = Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw invalidPayload(fieldErrors(result.error.issues));
    },
  });
}

/** A JSON request body, required: without `required` the library would let a missing one by. */
export function jsonBody<S extends z.ZodType>(schema: S, example: z.input<S>) {
  return { required: true, content: { "application/json": { schema, example } } };
}

/**
 * A path parameter that the document shows as `shown` while any string passes validation: the
 * handler answers an id that cannot exist as it answers one that does not (404, or 403).
 */
export function pathParam(description: string, shown: { type: string; [key: string]: unknown }) {
  return z.string().meta({ description, ...shown });
}
