/**
 * Moves a stored hash to the current scheme and cost. Only a login can: it is the one moment the
 * server holds the password and has just proved it matches.
 */
import type { Sql } from "../db.ts";
import { replacePasswordHash } from "../users/queries.ts";
import type { PasswordHasher } from "./passwords.ts";

/** Call after `verify` said yes; a no-op when the hash is current. */
export async function upgradePasswordHash(
  deps: { sql: Sql; passwords: PasswordHasher },
  user: { id: number; password_hash: string },
  password: string,
): Promise<void> {
  if (!deps.passwords.needsRehash(user.password_hash)) return;
  const next = await deps.passwords.hash(password);
  await replacePasswordHash(deps.sql, user.id, { old: user.password_hash, next });
}
