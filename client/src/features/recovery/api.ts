import { postJson } from "../../lib/http.ts";

/** Asks for a reset link; the API's answer is the same whether or not the address has an account. */
export async function requestPasswordReset(email: string): Promise<string> {
  return (await postJson("/auth/password/forgot", { email })).message ?? "";
}

/** Sets a new password with a mailed token; every session of the account ends. */
export async function resetPassword(token: string, password: string): Promise<string> {
  return (await postJson("/auth/password/reset", { token, password })).message ?? "";
}
