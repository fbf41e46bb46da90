import type { InferRequestType } from "hono/client";
import { api } from "../../lib/api.ts";

export type RegisterBody = InferRequestType<typeof api.auth.register.$post>["json"];
export type LoginBody = InferRequestType<typeof api.auth.login.$post>["json"];

/** Registers and returns the new session's access token. */
export async function register(body: RegisterBody): Promise<string> {
  const response = await api.auth.register.$post({ json: body });
  return (await response.json()).auth_token;
}

/** Logs in and returns the access token. */
export async function logIn(body: LoginBody): Promise<string> {
  const response = await api.auth.login.$post({ json: body });
  return (await response.json()).auth_token;
}
