import { type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";
import type { Page } from "../../lib/use_pages.ts";

export type DirectoryUser = InferResponseType<typeof api.users.$get, 200>["data"]["users"][number];

/** One page of the directory, newest first; pass the last page's cursor for the next. */
export async function fetchUsers(cursor?: string): Promise<Page<DirectoryUser>> {
  // Counted once, with the first page: the count is the one query that grows with the directory.
  const total = cursor === undefined ? "true" : undefined;
  const { data } = await parseResponse(api.users.$get({ query: { cursor, total } }));
  return { items: data.users, nextCursor: data.next_cursor, total: data.total };
}

/** One user as the directory shows them (their email to admins and themselves). */
export async function fetchUser(id: string): Promise<DirectoryUser> {
  return (await parseResponse(api.users[":id"].$get({ param: { id } }))).data;
}
