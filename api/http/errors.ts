/** Typed errors that handlers throw; `error_handler.ts` is the one place that turns them into bodies. */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      /** A stable word the client can branch on when the message alone is not enough. */
      reason?: string;
    } = {},
  ) {
    super(message);
  }
}

export const INVALID_PAYLOAD = "Invalid payload.";
export const JSON_ONLY = "Content-Type must be application/json.";

export function invalidPayload(errors: FieldError[]): ApiError {
  return new ApiError(400, INVALID_PAYLOAD, { errors });
}

export function notFound(message: string): ApiError {
  return new ApiError(404, message);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, message);
}

export function forbidden(message = "You do not have permission to do that."): ApiError {
  return new ApiError(403, message);
}

/** 401 with the challenge RFC 6750 asks for; `invalid_token` once a token was actually sent. */
export function unauthorized(message: string, tokenSent: boolean): ApiError {
  const challenge = tokenSent
    ? 'Bearer realm="users", error="invalid_token"'
    : 'Bearer realm="users"';
  return new ApiError(401, message, { headers: { "WWW-Authenticate": challenge } });
}
