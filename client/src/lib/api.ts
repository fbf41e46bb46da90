/**
 * The API client: Hono's typed client over the API's own route types, so a contract change
 * breaks `deno check` here. The import of AppType is type-only: no server code is bundled.
 */
import { hc } from "hono/client";
import type { AppType } from "../../../api/app.ts";
import { readToken } from "./token.ts";

/** A non-2xx answer (with the API's message) or a request that never reached the API. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const UNREACHABLE = "Cannot reach the server. Please try again.";
const UNEXPECTED = "Something went wrong. Please try again.";

const unauthorizedListeners = new Set<(message: string) => void>();

/** Called with the API's message when it answers 401 to the token that is still stored. */
export function onUnauthorized(listener: (message: string) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : UNEXPECTED;
}

const send: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  const token = readToken();
  if (token !== null && !headers.has("Authorization")) {
    headers.set("Authorization", `Bearer ${token}`);
  }
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  if (response.ok) return response;
  const error = await toApiError(response);
  // Only a rejection of the current token ends the session: not one of a token already replaced.
  const stored = readToken();
  if (
    response.status === 401 && stored !== null &&
    headers.get("Authorization") === `Bearer ${stored}`
  ) {
    for (const listener of unauthorizedListeners) listener(error.message);
  }
  throw error;
};

async function toApiError(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => undefined);
  if (typeof body?.message === "string") {
    return new ApiError(response.status, body.message);
  }
  // No envelope: the proxy in front answered because the API is down or unreachable.
  const gatewayError = response.status >= 502 && response.status <= 504;
  return new ApiError(response.status, gatewayError ? UNREACHABLE : UNEXPECTED);
}

export const api = hc<AppType>("/", { fetch: send });
