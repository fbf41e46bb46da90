import type { Sql } from "../db.ts";

export type User = {
  id: number;
  username: string;
  email: string;
  active: boolean;
  admin: boolean;
  created_at: Date;
  updated_at: Date;
};

/** Only the login flow reads the hash; everything else selects without it. */
export type UserWithHash = User & { password_hash: string };

export type NewUser = {
  username: string;
  email: string;
  password_hash: string;
  admin?: boolean;
  active?: boolean;
};

/** Raised when a unique index rejects an insert; `field` says which value collided. */
export class DuplicateUserError extends Error {
  override name = "DuplicateUserError";
  constructor(readonly field: "email" | "username") {
    super(`duplicate ${field}`);
  }
}

const UNIQUE_VIOLATION = "23505";
export const USER_COLUMNS = [
  "id",
  "username",
  "email",
  "active",
  "admin",
  "created_at",
  "updated_at",
];

export async function insertUser(sql: Sql, user: NewUser): Promise<User> {
  const row = { admin: false, active: true, ...user };
  try {
    const [created] = await sql<User[]>`
      insert into users ${sql(row, "username", "email", "password_hash", "admin", "active")}
      returning ${sql(USER_COLUMNS)}`;
    return created;
  } catch (error) {
    throw asDuplicate(error) ?? error;
  }
}

export async function findUserById(sql: Sql, id: number): Promise<User | undefined> {
  const [user] = await sql<User[]>`select ${sql(USER_COLUMNS)} from users where id = ${id}`;
  return user;
}

export async function findUserWithHashByEmail(
  sql: Sql,
  email: string,
): Promise<UserWithHash | undefined> {
  const [user] = await sql<UserWithHash[]>`
    select ${sql(USER_COLUMNS)}, password_hash from users where lower(email) = lower(${email})`;
  return user;
}

/** Newest first by id (ids follow creation order); `beforeId` is the keyset cursor. */
export async function listUsers(
  sql: Sql,
  options: { limit: number; beforeId?: number },
): Promise<User[]> {
  const after = options.beforeId === undefined ? sql`` : sql`where id < ${options.beforeId}`;
  return await sql<User[]>`
    select ${sql(USER_COLUMNS)} from users ${after} order by id desc limit ${options.limit}`;
}

function asDuplicate(error: unknown): DuplicateUserError | undefined {
  if (!(error instanceof Error) || (error as { code?: string }).code !== UNIQUE_VIOLATION) return;
  const constraint = (error as { constraint_name?: string }).constraint_name ?? "";
  if (constraint.startsWith("users_email")) return new DuplicateUserError("email");
  if (constraint.startsWith("users_username")) return new DuplicateUserError("username");
}
