import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { isDatabaseUnavailable } from "../db.ts";
import { ApiError, INVALID_PAYLOAD, invalidPayload, JSON_ONLY } from "./errors.ts";
import { unavailable as serviceUnavailable } from "./database_deadline.ts";
import type { Logger } from "./logger.ts";

/** The one place where errors become the `{status, message, errors?, reason?}` envelope. */
export function errorHandler(logger: Logger, onUnavailable: () => void = () => {}): ErrorHandler {
  return (error, c) => {
    if (error instanceof ApiError) return respond(c, error);
    if (error instanceof HTTPException) return respond(c, fromHonoException(error));
    const unavailable = isDatabaseUnavailable(error);
    // Log what we need to find the fault: never the query's parameters, which may hold secrets.
    logger.error({
      request_id: c.get("requestId") ?? null,
      method: c.req.method,
      route: c.req.routePath,
      error: error.name,
      code: String((error as { code?: unknown }).code ?? ""),
      message: error.message,
      stack: unavailable ? undefined : error.stack,
    });
    if (unavailable) {
      onUnavailable();
      return respond(c, serviceUnavailable());
    }
    return respond(c, new ApiError(500, "Something went wrong."));
  };
}

export const onNotFound: NotFoundHandler = (c) => {
  return respond(c, new ApiError(404, "Not found."));
};

function respond(c: Context, error: ApiError) {
  const body = {
    status: error.status >= 500 ? "error" : "fail",
    message: error.message,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    ...(error.extra.reason ? { reason: error.extra.reason } : {}),
  };
  return c.json(body, error.status, error.extra.headers);
}

/** Hono's own exceptions: the JSON validator's parse failure and anything from middleware. */
function fromHonoException(error: HTTPException): ApiError {
  if (error.status === 400) {
    return new ApiError(400, INVALID_PAYLOAD, {
      errors: [{ field: "body", message: "Malformed JSON." }],
    });
  }
  // A route that declares a JSON body refuses another media type with 415; requireJsonBody says
  // the same with 400 for any body, so an empty one gets that answer too.
  if (error.status === 415) return invalidPayload([{ field: "body", message: JSON_ONLY }]);
  return new ApiError(error.status, error.message || "Request failed.");
}
