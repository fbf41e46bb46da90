import type { Queryable, Sql } from "../db.ts";

export type User = {
  id: number;
  username: string;
  email: string;
  active: boolean;
  admin: boolean;
  /** When the owner proved the address is theirs; null until then. */
  email_verified_at: Date | null;
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
  /** Set when whoever creates the account vouches for the address (an operator). */
  email_verified_at?: Date | null;
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
  "email_verified_at",
  "created_at",
  "updated_at",
];

export async function insertUser(sql: Queryable, user: NewUser): Promise<User> {
  const row = { admin: false, active: true, email_verified_at: null, ...user };
  try {
    const [created] = await sql<User[]>`
      insert into users ${
      sql(row, "username", "email", "password_hash", "admin", "active", "email_verified_at")
    }
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

export async function findUserByEmail(
  sql: Queryable,
  email: string,
): Promise<User | undefined> {
  const [user] = await sql<User[]>`
    select ${sql(USER_COLUMNS)} from users where lower(email) = lower(${email})`;
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

/**
 * Replaces a hash with the same password's hash in a newer scheme; does nothing if the password
 * was changed since `old` was read (the change wins). True when it replaced it.
 */
export async function replacePasswordHash(
  sql: Queryable,
  id: number,
  hashes: { old: string; next: string },
): Promise<boolean> {
  const rows = await sql`
    update users set password_hash = ${hashes.next}
    where id = ${id} and password_hash = ${hashes.old}
    returning id`;
  return rows.length === 1;
}

export type UserFilter = { q?: string; active?: boolean; admin?: boolean };

/** Newest first by id (ids follow creation order); `beforeId` is the keyset cursor. */
export async function listUsers(
  sql: Sql,
  options: { limit: number; beforeId?: number } & UserFilter,
): Promise<User[]> {
  return await sql<User[]>`
    select ${sql(USER_COLUMNS)} from users ${whereUsers(sql, options)}
    order by id desc limit ${options.limit}`;
}

/** How many users match the filter. */
export async function countUsers(sql: Sql, filter: UserFilter): Promise<number> {
  const [{ count }] = await sql<{ count: number }[]>`
    select count(*)::int as count from users ${whereUsers(sql, filter)}`;
  return count;
}

function whereUsers(sql: Sql, options: UserFilter & { beforeId?: number }) {
  const conditions = [];
  if (options.beforeId !== undefined) conditions.push(sql`id < ${options.beforeId}`);
  if (options.active !== undefined) conditions.push(sql`active = ${options.active}`);
  if (options.admin !== undefined) conditions.push(sql`admin = ${options.admin}`);
  if (options.q) {
    // Trigram indexes on lower(username) and email serve these substring matches.
    const pattern = `%${options.q.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(sql`(lower(username) like ${pattern} or email like ${pattern})`);
  }
  return conditions.length === 0
    ? sql``
    : sql`where ${conditions.reduce((all, next) => sql`${all} and ${next}`)}`;
}

function asDuplicate(error: unknown): DuplicateUserError | undefined {
  if (!(error instanceof Error) || (error as { code?: string }).code !== UNIQUE_VIOLATION) return;
  const constraint = (error as { constraint_name?: string }).constraint_name ?? "";
  if (constraint.startsWith("users_email")) return new DuplicateUserError("email");
  if (constraint.startsWith("users_username")) return new DuplicateUserError("username");
}

export type UserChanges = Partial<
  Pick<
    UserWithHash,
    "username" | "email" | "active" | "admin" | "password_hash" | "email_verified_at"
  >
>;

/** Locks the row for the rest of the transaction, so checks on it stay true until commit. */
export async function lockUser(tx: Queryable, id: number): Promise<UserWithHash | undefined> {
  const [user] = await tx<UserWithHash[]>`
    select ${tx(USER_COLUMNS)}, password_hash from users where id = ${id} for update`;
  return user;
}

export async function updateUser(tx: Queryable, id: number, changes: UserChanges): Promise<User> {
  const columns = Object.keys(changes) as (keyof UserChanges)[];
  try {
    const [user] = await tx<User[]>`
      update users set ${tx(changes, columns)} where id = ${id} returning ${tx(USER_COLUMNS)}`;
    return user;
  } catch (error) {
    throw asDuplicate(error) ?? error;
  }
}

export async function deleteUser(tx: Queryable, id: number): Promise<void> {
  await tx`delete from users where id = ${id}`;
}

/** Active admins other than `exceptId`; the caller holds the admin lock (see service.ts). */
export async function countOtherActiveAdmins(tx: Queryable, exceptId: number): Promise<number> {
  const [{ count }] = await tx<{ count: number }[]>`
    select count(*)::int as count from users where admin and active and id <> ${exceptId}`;
  return count;
}

// Every change that could leave no active admin takes this transaction-scoped lock first, so two
// admins acting at once are serialised and the admin count cannot go stale before commit.
const ADMINS_LOCK = 7_301_554_120;

/** Serialises changes to the set of active admins until the transaction ends. */
export async function lockAdmins(tx: Queryable): Promise<void> {
  await tx`select pg_advisory_xact_lock(${ADMINS_LOCK})`;
}

/** Whether the user is (still) an active admin. */
export async function isActiveAdmin(tx: Queryable, id: number): Promise<boolean> {
  const [row] = await tx<{ ok: boolean }[]>`
    select admin and active as ok from users where id = ${id}`;
  return row?.ok ?? false;
}

/** Whether any admin exists, active or not. */
export async function adminExists(sql: Queryable): Promise<boolean> {
  const [{ exists }] = await sql<{ exists: boolean }[]>`
    select exists (select 1 from users where admin) as exists`;
  return exists;
}

/** Which of an email and a username another user already has (the email first), if either. */
export async function takenBy(
  sql: Queryable,
  account: { email: string; username: string },
): Promise<"email" | "username" | undefined> {
  const [row] = await sql<{ email: boolean }[]>`
    select lower(email) = lower(${account.email}) as email from users
    where lower(email) = lower(${account.email}) or lower(username) = lower(${account.username})
    order by 1 desc
    limit 1`;
  if (!row) return undefined;
  return row.email ? "email" : "username";
}
