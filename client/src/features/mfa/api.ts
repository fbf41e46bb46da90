import { type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";

export type Factors = InferResponseType<typeof api.auth.mfa.$get, 200>["data"];

export async function listFactors(): Promise<Factors> {
  return (await parseResponse(api.auth.mfa.$get())).data;
}

/** A re-check of this session: a code when the account has a factor, else the password. */
export async function reauthenticate(
  proof: { current_password: string } | { code: string },
): Promise<void> {
  await parseResponse(api.auth.mfa.reauthenticate.$post({ json: proof }));
}

/** A re-check of this session with one of the account's passkeys. */
export async function reauthenticateWithPasskey(): Promise<void> {
  const { data } = await parseResponse(api.auth.passkeys.reauthenticate.options.$post());
  const { signWithPasskey } = await import("../../lib/passkey.ts");
  const response = await signWithPasskey(data);
  await parseResponse(api.auth.passkeys.reauthenticate.$post({ json: { response } }));
}
