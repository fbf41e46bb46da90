/** The account's passkeys, as Settings lists and changes them. */
import { type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";

export type Passkey = InferResponseType<typeof api.auth.passkeys.$get, 200>["data"][number];

export async function listPasskeys(): Promise<Passkey[]> {
  return (await parseResponse(api.auth.passkeys.$get())).data;
}

/**
 * Options from the API (after a re-check when one is due), the browser's ceremony, then the API
 * keeps the new passkey under `name`. The account's first factor comes with recovery codes.
 */
export async function addPasskey(
  name: string,
): Promise<{ message: string; recoveryCodes?: string[] }> {
  const { data } = await parseResponse(api.auth.passkeys.registration.options.$post());
  const { createPasskey } = await import("../../lib/passkey.ts");
  const response = await createPasskey(data);
  const json = { response, ...(name.trim() && { name: name.trim() }) };
  const added = await parseResponse(api.auth.passkeys.registration.$post({ json }));
  return { message: added.message, recoveryCodes: added.data.recovery_codes };
}

export async function renamePasskey(id: number, name: string): Promise<string> {
  const param = { id: String(id) };
  return (await parseResponse(api.auth.passkeys[":id"].$patch({ param, json: { name } }))).message;
}

export async function deletePasskey(id: number): Promise<string> {
  return (await parseResponse(api.auth.passkeys[":id"].$delete({ param: { id: String(id) } })))
    .message;
}
