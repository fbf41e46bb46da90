import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import { type FieldError, invalidPayload, JSON_ONLY } from "./errors.ts";

/**
 * A validation failure's issues as our 400 `errors`, one per field. The routes' declarations
 * validate (`openapi/router.ts`); this is how their failures read.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: key, message: "Unknown field." }));
    }
    if (field === "body" && issue.code === "invalid_type") {
      return [{ field, message: "Body must be a JSON object." }];
    }
    return [{ field, message: issue.message }];
  });
}

// RFC 7662 has services post a form to introspect a token; every other body is JSON.
const FORM_PATHS = new Set(["/auth/introspect"]);

/**
 * Hono's JSON validator quietly treats a body of another media type as `{}`; a client that sent
 * form data deserves to hear why its fields are "missing".
 */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const hasBody = c.req.header("Content-Length") !== undefined
    ? c.req.header("Content-Length") !== "0"
    : c.req.header("Transfer-Encoding") !== undefined;
  if (hasBody) {
    const type = (c.req.header("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
    const form = type === "application/x-www-form-urlencoded" && FORM_PATHS.has(c.req.path);
    if (!form && !/^application\/([\w.-]+\+)?json$/.test(type)) {
      throw invalidPayload([{ field: "body", message: JSON_ONLY }]);
    }
  }
  await next();
};
