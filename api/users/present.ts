import type { User } from "./queries.ts";

export type PublicUser = {
  id: number;
  username: string;
  created_at: Date;
  email?: string;
  active?: boolean;
  admin?: boolean;
  email_verified_at?: Date | null;
  second_factor?: boolean;
};

/** A public directory must not leak everyone's email: private fields go to admins and the owner. */
export function presentUser(user: User, viewer: User | null): PublicUser {
  const base = { id: user.id, username: user.username, created_at: user.created_at };
  if (!viewer || (!viewer.admin && viewer.id !== user.id)) return base;
  const { email, active, admin, email_verified_at } = user;
  return { ...base, email, active, admin, email_verified_at };
}
