/** Helpers for the operation table's responses: the shared error envelope, its statuses, headers. */
import type { z } from "zod";
import { failBody, serverErrorBody } from "../responses.ts";

export type Reply = { schema: z.ZodType; description: string; headers?: string[] };
export type Responses = Record<number, Reply>;

const FAILURES: Record<number, string> = {
  400: "Invalid payload: `errors` names each bad field (`body` when it is not a JSON object).",
  401: "No token, or a malformed, expired or revoked one.",
  403: "The account is disabled, or the caller may not do this.",
  404: "Not found.",
  409: "A conflict with the data: a duplicate, or a guard rail.",
  413: "The body is over 64 KiB.",
  429: "Too many attempts: try again after `Retry-After` seconds.",
  500: "Something went wrong; the details are only in the server's log.",
  503: "The database is unavailable: try again after `Retry-After` seconds.",
};

const FAILURE_HEADERS: Record<number, string[]> = {
  401: ["WWW-Authenticate"],
  429: ["Retry-After"],
  503: ["Retry-After"],
};

/** Response headers the table may name, with what the document says about them. */
export const HEADERS: Record<string, { description: string; type: "string" | "integer" }> = {
  "Set-Cookie": {
    description: "`refresh_token`: HttpOnly, SameSite=Strict, Path=/auth (cleared when it fails).",
    type: "string",
  },
  "WWW-Authenticate": {
    description: 'The challenge: `Bearer realm="users"`, with `error="invalid_token"` once a ' +
      "token was sent.",
    type: "string",
  },
  "Retry-After": { description: "Seconds to wait before trying again.", type: "integer" },
};

/** Errors that any operation touching the database can answer. */
export const SERVER = [500, 503] as const;
/** Errors of every operation that needs a token: none or a bad one, a disabled account. */
export const AUTH = [401, 403] as const;

export function ok(schema: z.ZodType, description: string, headers?: string[]): Reply {
  return { schema, description, headers };
}

/** Error replies with their usual descriptions. */
export function fails(...statuses: number[]): Responses {
  return Object.fromEntries(statuses.map((status) => [status, failure(status)]));
}

/** One error reply with a description of its own (and, if given, its own headers). */
export function fail(status: number, description: string, headers?: string[]): Responses {
  return { [status]: { ...failure(status), description, ...(headers ? { headers } : {}) } };
}

function failure(status: number): Reply {
  const description = FAILURES[status];
  if (!description) throw new Error(`No description for error status ${status}`);
  return {
    schema: status >= 500 ? serverErrorBody : failBody,
    description,
    headers: FAILURE_HEADERS[status],
  };
}
