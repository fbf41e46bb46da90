import { type InferRequestType, type InferResponseType, parseResponse } from "hono/client";
import { api } from "../../lib/api.ts";

type UsersPage = InferResponseType<typeof api.users.$get, 200>["data"];
export type DirectoryUser = UsersPage["users"][number];
export type NewUser = InferRequestType<typeof api.users.$post>["json"];

/** One page of the directory, newest first; pass the last page's `next_cursor` for the next. */
export async function fetchUsers(cursor?: string): Promise<UsersPage> {
  return (await parseResponse(api.users.$get({ query: { cursor } }))).data;
}

/** Adds a user (admins only); returns the API's message and the new user. */
export async function createUser(body: NewUser): Promise<{ message: string; user: DirectoryUser }> {
  const { message, data } = await parseResponse(api.users.$post({ json: body }));
  return { message, user: data.user };
}
