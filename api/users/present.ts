import type { User } from "./queries.ts";

export type PublicUser = {
  id: number;
  username: string;
  created_at: Date;
  email?: string;
  active?: boolean;
  admin?: boolean;
};

/** A public directory must not leak everyone's email: private fields go to admins and the owner. */
export function presentUser(user: User, viewer: User | null): PublicUser {
  const base = { id: user.id, username: user.username, created_at: user.created_at };
  if (!viewer || (!viewer.admin && viewer.id !== user.id)) return base;
  return { ...base, email: user.email, active: user.active, admin: user.admin };
}
