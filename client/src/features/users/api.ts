import type { InferResponseType } from "hono/client";
import { api } from "../../lib/api.ts";
import type { Page } from "../../lib/use_pages.ts";

export type DirectoryUser = InferResponseType<typeof api.users.$get, 200>["data"]["users"][number];

/** One page of the directory, newest first; pass the last page's cursor for the next. */
export async function fetchUsers(cursor?: string): Promise<Page<DirectoryUser>> {
  const response = await api.users.$get({ query: { cursor } });
  const { data } = await response.json();
  return { items: data.users, nextCursor: data.next_cursor };
}
