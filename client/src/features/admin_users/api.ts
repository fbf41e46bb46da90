import { type InferRequestType, type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";
import type { Page } from "../../lib/use_pages.ts";

export type ManagedUser = InferResponseType<typeof api.users.$get, 200>["data"]["users"][number];
type Flag = "true" | "false";
export type UserFilters = { q: string; active: Flag | ""; admin: Flag | "" };
export type UserChanges = InferRequestType<(typeof api.users)[":id"]["$patch"]>["json"];

/** One page of the search (admins see every field), newest first. */
export async function searchUsers(
  filters: UserFilters,
  cursor?: string,
): Promise<Page<ManagedUser>> {
  const { q, active, admin } = filters;
  const { data } = await parseResponse(api.users.$get({
    query: {
      q: q.trim() || undefined,
      active: active || undefined,
      admin: admin || undefined,
      cursor,
      total: cursor === undefined ? "true" : undefined,
    },
  }));
  return { items: data.users, nextCursor: data.next_cursor, total: data.total };
}

/** Returns the API's message and the user as they are now. */
export async function updateUser(
  id: number,
  changes: UserChanges,
): Promise<{ message: string; user: ManagedUser }> {
  const { message, data } = await parseResponse(
    api.users[":id"].$patch({ param: { id: String(id) }, json: changes }),
  );
  return { message, user: data.user };
}

export async function deleteUser(id: number): Promise<string> {
  return (await parseResponse(api.users[":id"].$delete({ param: { id: String(id) } }))).message;
}

/** Has the API mail `id` a new link to verify their address; returns its message. */
export async function sendVerificationMail(id: number): Promise<string> {
  const param = { id: String(id) };
  return (await parseResponse(api.users[":id"]["verification-email"].$post({ param }))).message;
}

/** Has the API mail `id` a link to choose a new password; returns its message. */
export async function sendPasswordResetMail(id: number): Promise<string> {
  const param = { id: String(id) };
  return (await parseResponse(api.users[":id"]["password-reset"].$post({ param }))).message;
}

export type UserFactors = InferResponseType<
  (typeof api.users)[":id"]["factors"]["$get"],
  200
>["data"];

/** Whether a user has second factors (never the factors themselves). */
export async function userFactors(id: number): Promise<UserFactors> {
  const param = { id: String(id) };
  return (await parseResponse(api.users[":id"].factors.$get({ param }))).data;
}

/** Removes every second factor of a user who lost them; they are mailed, their sessions end. */
export async function resetUserFactors(id: number): Promise<string> {
  const param = { id: String(id) };
  return (await parseResponse(api.users[":id"].factors.$delete({ param }))).message;
}
