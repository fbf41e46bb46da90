/**
 * The responses a route declares: its success body, and the error envelope for each status it
 * can answer, with the usual description and headers.
 */
import type { z } from "zod";
import { failBody, serverErrorBody } from "./responses.ts";

const FAILURES = {
  400: "Invalid payload: `errors` names each bad field (`body` when it is not a JSON object).",
  401: "No token, or a malformed, expired or revoked one.",
  403: "The account is disabled, or the caller may not do this.",
  404: "Not found.",
  409: "A conflict with the data: a duplicate, or a guard rail.",
  413: "The body is over 64 KiB.",
  429: "Too many attempts: try again after `Retry-After` seconds.",
  500: "Something went wrong; the details are only in the server's log.",
  503: "The database is unavailable: try again after `Retry-After` seconds.",
} as const;

type ErrorStatus = keyof typeof FAILURES;
type Header = keyof typeof HEADERS;

/** Response headers a reply may name, as the document describes them. */
export const HEADERS = {
  "Set-Cookie": {
    description: "`refresh_token`: HttpOnly, SameSite=Strict, Path=/auth (cleared when it fails).",
    schema: { type: "string" },
  },
  "WWW-Authenticate": {
    description: 'The challenge: `Bearer realm="users"`, with `error="invalid_token"` once a ' +
      "token was sent.",
    schema: { type: "string" },
  },
  "Content-Disposition": {
    description: "`attachment` with a file name, so a browser saves the body as a file.",
    schema: { type: "string" },
  },
  "Retry-After": {
    description: "Seconds to wait before trying again.",
    schema: { type: "integer" },
  },
} as const;

const FAILURE_HEADERS: Partial<Record<ErrorStatus, Header[]>> = {
  401: ["WWW-Authenticate"],
  429: ["Retry-After"],
  503: ["Retry-After"],
};

/** Errors that any operation touching the database can answer. */
export const SERVER = [500, 503] as const;
/** Errors of every operation that needs a token: none or a bad one, a disabled account. */
export const AUTH = [401, 403] as const;

type Security = Record<string, string[]>[];

/** Who may call: in the document's `security` form. */
export const PUBLIC: Security = [];
export const BEARER: Security = [{ bearerAuth: [] }];
/** Anonymous callers are welcome; a token shows more (and must be valid). */
export const OPTIONAL_BEARER: Security = [{}, { bearerAuth: [] }];
export const REFRESH_COOKIE: Security = [{ refreshCookie: [] }];

export type Reply<S extends z.ZodType> = {
  description: string;
  headers?: Partial<typeof HEADERS>;
  content: { "application/json": { schema: S } };
};
type ErrorBody<S extends ErrorStatus> = S extends 500 | 503 ? typeof serverErrorBody
  : typeof failBody;
type Failures<S extends ErrorStatus> = { [K in S]: Reply<ErrorBody<K>> };

/** A success reply: its body's schema, what it means, and the headers it sets. */
export function ok<S extends z.ZodType>(
  schema: S,
  description: string,
  headers?: Header[],
): Reply<S> {
  return { description, ...headersOf(headers), content: { "application/json": { schema } } };
}

/** Error replies with their usual descriptions. */
export function fails<const S extends ErrorStatus[]>(...statuses: S): Failures<S[number]> {
  return Object.fromEntries(statuses.map((status) => [status, failure(status)])) as Failures<
    S[number]
  >;
}

/** One error reply with a description of its own (and, if given, its own headers). */
export function fail<S extends ErrorStatus>(
  status: S,
  description: string,
  headers?: Header[],
): Failures<S> {
  const reply = { ...failure(status), description, ...(headers ? headersOf(headers) : {}) };
  if (headers?.length === 0) delete reply.headers;
  return { [status]: reply } as Failures<S>;
}

function failure<S extends ErrorStatus>(status: S): Reply<ErrorBody<S>> {
  const schema = (status >= 500 ? serverErrorBody : failBody) as ErrorBody<S>;
  return {
    description: FAILURES[status],
    ...headersOf(FAILURE_HEADERS[status]),
    content: { "application/json": { schema } },
  };
}

function headersOf(names: Header[] = []) {
  if (names.length === 0) return {};
  return { headers: Object.fromEntries(names.map((name) => [name, HEADERS[name]])) };
}
