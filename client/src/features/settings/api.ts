import { type InferRequestType, type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";
import type { AuditEvent } from "../../lib/audit_events.ts";
import type { Page } from "../../lib/use_pages.ts";

export type Session = InferResponseType<typeof api.auth.sessions.$get, 200>["data"]["sessions"][
  number
];
export type ProfileChanges = Pick<
  InferRequestType<(typeof api.users)[":id"]["$patch"]>["json"],
  "username" | "email" | "current_password"
>;
export type PasswordChange = InferRequestType<typeof api.auth.password.$put>["json"];

/**
 * Changes one's own username and email (an email change with the current password); returns
 * the API's message, and whether a new address waits for the link mailed to it (202: the
 * account keeps its old address until then).
 */
export async function updateProfile(
  id: number,
  changes: ProfileChanges,
): Promise<{ message: string; emailPending: boolean }> {
  const response = await api.users[":id"].$patch({ param: { id: String(id) }, json: changes });
  const emailPending = (response.status as number) === 202;
  return { message: (await parseResponse(response)).message, emailPending };
}

export async function changePassword(body: PasswordChange): Promise<string> {
  return (await parseResponse(api.auth.password.$put({ json: body }))).message;
}

export async function listSessions(): Promise<Session[]> {
  return (await parseResponse(api.auth.sessions.$get())).data.sessions;
}

export async function signOutSession(id: string): Promise<string> {
  return (await parseResponse(api.auth.sessions[":id"].$delete({ param: { id } }))).message;
}

export async function signOutOtherSessions(): Promise<string> {
  return (await parseResponse(api.auth.sessions.$delete())).message;
}

/** One page of one's own audit events, newest first. */
export async function fetchActivity(cursor?: string): Promise<Page<AuditEvent>> {
  const { data } = await parseResponse(api.auth.activity.$get({ query: { cursor } }));
  return { items: data.events, nextCursor: data.next_cursor };
}

export async function deleteOwnAccount(currentPassword: string): Promise<string> {
  const response = api.auth.account.$delete({ json: { current_password: currentPassword } });
  return (await parseResponse(response)).message;
}

/** Everything the service keeps about the caller, as the API's JSON file and its name. */
export async function downloadOwnData(): Promise<{ file: Blob; name: string }> {
  const response = await api.auth.export.$get();
  if (!response.ok) await parseResponse(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "users-service-data.json";
  return { file: await response.blob(), name };
}
