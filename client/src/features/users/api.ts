import type { InferResponseType } from "hono/client";
import { api } from "../../lib/api.ts";

type UsersPage = InferResponseType<typeof api.users.$get, 200>["data"];
export type DirectoryUser = UsersPage["users"][number];

/** One page of the directory, newest first; pass the last page's `next_cursor` for the next. */
export async function fetchUsers(cursor?: string): Promise<UsersPage> {
  const response = await api.users.$get({ query: { cursor } });
  return (await response.json()).data;
}
