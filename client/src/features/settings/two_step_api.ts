/** The account's second factors, as Settings shows and changes them. */
import { type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";

export type Factors = InferResponseType<typeof api.auth.mfa.$get, 200>["data"];
export type TotpEnrolment = InferResponseType<typeof api.auth.mfa.totp.$post, 200>["data"];

export async function listFactors(): Promise<Factors> {
  return (await parseResponse(api.auth.mfa.$get())).data;
}

export async function startTotp(): Promise<TotpEnrolment> {
  return (await parseResponse(api.auth.mfa.totp.$post())).data;
}

export async function confirmTotp(code: string): Promise<string[]> {
  return (await parseResponse(api.auth.mfa.totp.confirm.$post({ json: { code } }))).data
    .recovery_codes;
}

export async function disableTotp(currentPassword: string): Promise<string> {
  const json = { current_password: currentPassword };
  return (await parseResponse(api.auth.mfa.totp.$delete({ json }))).message;
}

export async function regenerateRecoveryCodes(): Promise<string[]> {
  return (await parseResponse(api.auth.mfa["recovery-codes"].$post())).data.recovery_codes;
}
