import type { InferRequestType, InferResponseType } from "hono/client";
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
 * the API's message.
 */
export async function updateProfile(id: number, changes: ProfileChanges): Promise<string> {
  const response = await api.users[":id"].$patch({ param: { id: String(id) }, json: changes });
  return (await response.json()).message;
}

export async function changePassword(body: PasswordChange): Promise<string> {
  return (await (await api.auth.password.$put({ json: body })).json()).message;
}

export async function listSessions(): Promise<Session[]> {
  return (await (await api.auth.sessions.$get()).json()).data.sessions;
}

export async function signOutSession(id: string): Promise<string> {
  const response = await api.auth.sessions[":id"].$delete({ param: { id } });
  return (await response.json()).message;
}

export async function signOutOtherSessions(): Promise<string> {
  return (await (await api.auth.sessions.$delete()).json()).message;
}

/** One page of one's own audit events, newest first. */
export async function fetchActivity(cursor?: string): Promise<Page<AuditEvent>> {
  const response = await api.auth.activity.$get({ query: { cursor } });
  const { data } = await response.json();
  return { items: data.events, nextCursor: data.next_cursor };
}
