import { type InferRequestType, parseResponse } from "hono/client";
import { publicApi } from "../../lib/http.ts";
import type { Grant } from "../../lib/session.ts";

export type RegisterBody = InferRequestType<typeof publicApi.auth.register.$post>["json"];
export type LoginBody = InferRequestType<typeof publicApi.auth.login.$post>["json"];

// Both go without the access token: their 401 means wrong credentials, not an expired session.

/** Registers; the answer starts the new user's session. */
export async function register(body: RegisterBody): Promise<Grant> {
  const answer: { message: string; auth_token?: string; expires_in?: number } = await parseResponse(
    publicApi.auth.register.$post({ json: body }),
  );
  const { auth_token, expires_in } = answer;
  // REQUIRE_EMAIL_VERIFICATION: 202 without a session; its message says to check the inbox.
  if (auth_token === undefined || expires_in === undefined) throw new Error(answer.message);
  return { auth_token, expires_in };
}

/** Logs in; the answer starts the session. */
export async function logIn(body: LoginBody): Promise<Grant> {
  return await parseResponse(publicApi.auth.login.$post({ json: body }));
}
