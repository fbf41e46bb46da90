/**
 * The first admin of a new deployment, made at start-up from ADMIN_EMAIL, ADMIN_PASSWORD and
 * ADMIN_USERNAME, so nobody has to write to the database by hand before the API can be used.
 */
import type { PasswordHasher } from "../auth/passwords.ts";
import { ConfigError } from "../config.ts";
import type { Sql } from "../db.ts";
import { checkNewPassword } from "../auth/password_policy.ts";
import { ApiError, type FieldError } from "../http/errors.ts";
import { fieldErrors } from "../http/validate.ts";
import { createUserBody } from "./schemas.ts";
import { adminExists, takenBy } from "./queries.ts";
import { createAccount } from "./service.ts";

export type FirstAdmin = { email: string; password: string; username: string };
export type FirstAdminResult = "created" | "exists" | "skipped";

// Held by a replica from its check to its commit; every replica uses the same number.
const FIRST_ADMIN_LOCK = 5_902_118_437;

const VARIABLES: Record<string, string> = {
  email: "ADMIN_EMAIL",
  password: "ADMIN_PASSWORD",
  username: "ADMIN_USERNAME",
};

/**
 * Creates `admin` as an active admin unless the database has an admin already. Any admin counts,
 * active or not: the settings stay in the environment of every later start, and a deployment
 * whose admins were all deactivated on purpose must not get a new one back on the next restart.
 *
 * Replicas starting together are serialised by a session-level advisory lock on a reserved
 * connection; `createAccount` runs its own transaction on another connection of the pool, so the
 * pool needs at least two.
 */
export async function ensureFirstAdmin(
  sql: Sql,
  passwords: PasswordHasher,
  admin: FirstAdmin,
  log: (line: string) => void,
): Promise<FirstAdminResult> {
  const parsed = createUserBody.safeParse({ ...admin, admin: true, active: true });
  if (!parsed.success) throw invalidSettings(fieldErrors(parsed.error.issues));
  // The rules only the server checks, before any lock is taken: a common ADMIN_PASSWORD, or one
  // that contains ADMIN_USERNAME, is a configuration error too.
  await checkNewPassword(parsed.data.password, parsed.data, "password").catch((error) => {
    throw error instanceof ApiError && error.extra.errors
      ? invalidSettings(error.extra.errors)
      : error;
  });
  if (sql.options.max < 2) {
    throw new Error("ensureFirstAdmin needs a pool of at least 2 connections");
  }
  // Every start after the first ends here, without waiting for the lock.
  if (await adminExists(sql)) return "exists";

  const account = parsed.data;
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${FIRST_ADMIN_LOCK})`;
    try {
      if (await adminExists(conn)) return "exists";
      // Someone may have registered with this email before the deployment was configured, and an
      // unverified email proves nothing: making their account an admin would hand them the keys.
      const taken = await takenBy(conn, account);
      if (taken) return skip(log, taken, account);
      try {
        const user = await createAccount(sql, passwords, account, {
          ip: null,
          action: "system.first_admin_created",
        });
        log(`created the first admin ${user.email}`);
        return "created";
      } catch (error) {
        // A registration that slipped in between the check and the insert.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        return skip(log, await takenBy(conn, account) ?? "email", account);
      }
    } finally {
      // If this fails the connection is broken, and the server drops the session's lock with it.
      await conn`select pg_advisory_unlock(${FIRST_ADMIN_LOCK})`.catch(() => {});
    }
  } finally {
    conn.release();
  }
}

function skip(
  log: (line: string) => void,
  field: "email" | "username",
  account: FirstAdmin,
): "skipped" {
  log(
    field === "email"
      ? `not creating the first admin: ${account.email} belongs to an existing user who is not ` +
        "an admin, and is not promoted automatically; set another ADMIN_EMAIL or make that " +
        "user an admin yourself"
      : `not creating the first admin: the username ${account.username} belongs to another ` +
        "user; set another ADMIN_USERNAME",
  );
  return "skipped";
}

function invalidSettings(errors: FieldError[]): ConfigError {
  const lines = errors.map(({ field, message }) => `${VARIABLES[field] ?? field}: ${message}`);
  return new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
}
