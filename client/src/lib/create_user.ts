import { type InferRequestType, type InferResponseType, parseResponse } from "hono/client";
import { api } from "./api.ts";

export type NewUser = InferRequestType<typeof api.users.$post>["json"];
type ListedUser = InferResponseType<typeof api.users.$get, 200>["data"]["users"][number];

/**
 * Adds a user (admins only); returns the API's message and the new user as the lists show them.
 * Here rather than in a feature because two use it: the directory's form and the admin dialog.
 */
export async function createUser(body: NewUser): Promise<{ message: string; user: ListedUser }> {
  const { message, data } = await parseResponse(api.users.$post({ json: body }));
  return { message, user: data.user };
}
