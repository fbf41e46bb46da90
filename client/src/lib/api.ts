/**
 * The API client for everything done as the person using the app: Hono's typed client over the
 * API's own route types, so a contract change breaks `deno check` here. The import of AppType is
 * type-only: no server code is bundled.
 *
 * It sends the access token. When the API answers 401 to it (expired, or the session was ended
 * elsewhere), it renews the session once and retries the request once; never more, so a refusal
 * cannot turn into a loop. A 403 asking for a re-check (`step_up_required`) opens the re-check
 * dialog and, once passed, sends the request once more; one asking an admin to set up two-step
 * sign-in (`mfa_enrollment_required`) leads to the settings section for it.
 */
import { hc } from "hono/client";
import type { AppType } from "../../../api/app.ts";
import { failure, reach } from "./http.ts";
import { expireSession, renewSession } from "./session.ts";
import { askForStepUp, requireEnrolment } from "./step_up.ts";
import { readToken } from "./token.ts";

const sendWithSession: typeof fetch = async (input, init) => {
  const token = readToken();
  let response = await reach(input, withToken(init, token));
  if (response.status === 401 && token !== null) {
    const renewed = await tokenAfterRefusal(token);
    if (renewed !== null) {
      await response.body?.cancel();
      response = await reach(input, withToken(init, renewed));
      if (response.status === 401) {
        // Even a fresh token is refused (the user is gone, say): the session is of no use.
        const error = await failure(response);
        expireSession(error.message);
        throw error;
      }
    }
  }
  if (response.status === 403) {
    const reason = await reasonOf(response);
    if (reason === "step_up_required" && await askForStepUp()) {
      await response.body?.cancel();
      response = await reach(input, withToken(init, readToken()));
    } else if (reason === "mfa_enrollment_required") {
      requireEnrolment();
    }
  }
  if (!response.ok) throw await failure(response);
  return response;
};

/** The `reason` of a refusal, read from a copy so the body stays readable. */
async function reasonOf(response: Response): Promise<string | undefined> {
  const body = await response.clone().json().catch(() => undefined);
  return typeof body?.reason === "string" ? body.reason : undefined;
}

/**
 * The token to retry with after `refused` got a 401, or null when the session ended meanwhile.
 * A failed refresh rejects with its error (and its 401 has already ended the session).
 */
async function tokenAfterRefusal(refused: string): Promise<string | null> {
  const current = readToken();
  // Another request renewed the token while this one was under way: retry with that one.
  if (current !== refused) return current;
  return await renewSession();
}

function withToken(init: RequestInit | undefined, token: string | null): RequestInit | undefined {
  if (token === null) return init;
  const headers = new Headers(init?.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return { ...init, headers };
}

export const api = hc<AppType>("/", { fetch: sendWithSession });
