/**
 * Talking to the API without a session: errors as ApiError, and the typed client for the calls
 * that create, renew or end a session (they carry no access token of their own accord, and a 401
 * from them is an answer, not a reason to refresh). The import of AppType is type-only: no
 * server code is bundled.
 */
import { hc } from "hono/client";
import type { AppType } from "../../../api/app.ts";

/** One of a 400's `errors`: what is wrong with which field of the request. */
export type FieldError = { field: string; message: string };

/** A non-2xx answer (with the API's message) or a request that never reached the API. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    /** Seconds to wait before trying again, from a 429's `Retry-After`. */
    readonly retryAfter?: number,
    readonly fieldErrors: FieldError[] = [],
    /** The API's machine-readable cause, when it names one (`email_unverified`, `invalid_token`). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = "Cannot reach the server. Please try again.";
const UNEXPECTED = "Something went wrong. Please try again.";

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : UNEXPECTED;
}

/** fetch, with "never reached the API" as an ApiError; any answer is returned as it is. */
export async function reach(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
}

/** The ApiError for a non-2xx answer. */
export async function failure(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => undefined);
  if (typeof body?.message === "string") {
    const reason = typeof body.reason === "string" ? body.reason : undefined;
    return new ApiError(
      response.status,
      body.message,
      retryAfter(response),
      fieldErrors(body),
      reason,
    );
  }
  // No envelope: the proxy in front answered because the API is down or unreachable.
  const gatewayError = response.status >= 502 && response.status <= 504;
  return new ApiError(response.status, gatewayError ? UNREACHABLE : UNEXPECTED);
}

function fieldErrors(body: { errors?: unknown }): FieldError[] {
  if (!Array.isArray(body.errors)) return [];
  return body.errors.filter((error): error is FieldError =>
    typeof error?.field === "string" && typeof error?.message === "string"
  );
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get("Retry-After")?.trim();
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

const send: typeof fetch = async (input, init) => {
  const response = await reach(input, init);
  if (!response.ok) throw await failure(response);
  return response;
};

/** The API as anyone: for logging in, registering, refreshing and logging out. */
export const publicApi = hc<AppType>("/", { fetch: send });

/**
 * True when the API could not answer (no connection, the proxy without an upstream, the API's
 * own 503 while its database is away) or asked to wait (429): a reason to try again later,
 * never a sign that the session ended.
 */
export function isTemporary(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 429 ||
    error.status >= 500);
}
