import { parseResponse } from "hono/client";
import { publicApi } from "../../lib/http.ts";

/** Asks for a reset link; the API's answer is the same whether or not the address has an account. */
export async function requestPasswordReset(email: string): Promise<string> {
  return (await parseResponse(publicApi.auth.password.forgot.$post({ json: { email } }))).message;
}

/** Sets a new password with a mailed token; every session of the account ends. */
export async function resetPassword(token: string, password: string): Promise<string> {
  const answer = publicApi.auth.password.reset.$post({ json: { token, password } });
  return (await parseResponse(answer)).message;
}
