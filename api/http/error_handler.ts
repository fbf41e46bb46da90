import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, INVALID_PAYLOAD } from "./errors.ts";

/** The one place where errors become the `{status, message, errors?}` envelope. */
export const onError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) return respond(c, error);
  if (error instanceof HTTPException) return respond(c, fromHonoException(error));
  // Unexpected: log the details for us, tell the caller nothing about them.
  console.error(`${c.req.method} ${c.req.path} failed:`, error);
  return respond(c, new ApiError(500, "Something went wrong."));
};

export const onNotFound: NotFoundHandler = (c) => {
  return respond(c, new ApiError(404, "Not found."));
};

function respond(c: Context, error: ApiError) {
  const body = {
    status: error.status >= 500 ? "error" : "fail",
    message: error.message,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
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
  return new ApiError(error.status, error.message || "Request failed.");
}
