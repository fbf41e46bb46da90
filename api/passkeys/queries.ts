/** Passkeys and their ceremonies' challenges in PostgreSQL. */
import type { Queryable } from "../db.ts";

export type Passkey = {
  id: number;
  user_id: number;
  credential_id: Uint8Array;
  public_key: Uint8Array;
  sign_count: number;
  transports: string[];
  name: string;
  backed_up: boolean;
  created_at: Date;
  last_used_at: Date | null;
};

/** What a user sees of a passkey: never its key, nor its credential id. */
export type PasskeySummary = Pick<Passkey, "id" | "name" | "backed_up" | "created_at"> & {
  last_used_at: Date | null;
};

export async function listPasskeys(sql: Queryable, userId: number): Promise<PasskeySummary[]> {
  return await sql<PasskeySummary[]>`
    select id::int as id, name, backed_up, created_at, last_used_at
    from passkeys where user_id = ${userId} order by created_at, id`;
}

/** The credential ids of a user's passkeys (what allow- and excludeCredentials name). */
export async function credentialsOf(
  sql: Queryable,
  userId: number,
): Promise<{ credential_id: Uint8Array; transports: string[] }[]> {
  return await sql<{ credential_id: Uint8Array; transports: string[] }[]>`
    select credential_id, transports from passkeys where user_id = ${userId}`;
}

export async function findPasskeyByCredential(
  sql: Queryable,
  credentialId: Uint8Array,
): Promise<Passkey | undefined> {
  const [row] = await sql<Passkey[]>`
    select id::int as id, user_id::int as user_id, credential_id, public_key,
      sign_count::float8 as sign_count, transports, name, backed_up, created_at, last_used_at
    from passkeys where credential_id = ${credentialId}`;
  return row;
}

export type NewPasskey = {
  userId: number;
  credentialId: Uint8Array;
  publicKey: Uint8Array;
  signCount: number;
  transports: string[];
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
  name: string;
};

/** Undefined when the credential is already registered (to this user or another). */
export async function insertPasskey(
  sql: Queryable,
  p: NewPasskey,
): Promise<PasskeySummary | undefined> {
  const [row] = await sql<PasskeySummary[]>`
    insert into passkeys (
      user_id, credential_id, public_key, sign_count, transports, device_type, backed_up, name
    ) values (
      ${p.userId}, ${p.credentialId}, ${p.publicKey}, ${p.signCount}, ${p.transports},
      ${p.deviceType}, ${p.backedUp}, ${p.name}
    )
    on conflict (credential_id) do nothing
    returning id::int as id, name, backed_up, created_at, last_used_at`;
  return row;
}

export async function renamePasskey(
  sql: Queryable,
  userId: number,
  id: number,
  name: string,
): Promise<boolean> {
  const rows = await sql`
    update passkeys set name = ${name} where id = ${id} and user_id = ${userId} returning id`;
  return rows.length > 0;
}

export async function deletePasskey(
  sql: Queryable,
  userId: number,
  id: number,
): Promise<{ name: string } | undefined> {
  const [row] = await sql<{ name: string }[]>`
    delete from passkeys where id = ${id} and user_id = ${userId} returning name`;
  return row;
}

/** How many passkeys an admin's reset removed. */
export async function deleteAllPasskeys(sql: Queryable, userId: number): Promise<number> {
  const result = await sql`delete from passkeys where user_id = ${userId}`;
  return result.count;
}

/**
 * Records a use, in the statement that checks the counter: it must grow, unless the
 * authenticator keeps none (both zero, as synced passkeys do). False when it did not grow: a
 * possible clone, or a concurrent use of the same assertion.
 */
export async function recordUse(
  sql: Queryable,
  id: number,
  newCount: number,
): Promise<boolean> {
  const rows = await sql`
    update passkeys set sign_count = ${newCount}, last_used_at = now()
    where id = ${id} and (sign_count < ${newCount} or (sign_count = 0 and ${newCount} = 0))
    returning id`;
  return rows.length > 0;
}

export type Purpose = "register" | "login" | "second_step" | "reauthenticate";

export async function insertPasskeyChallenge(
  sql: Queryable,
  input: {
    challenge: string;
    purpose: Purpose;
    binding: string;
    userId: number | null;
    ttlSeconds: number;
  },
): Promise<void> {
  // Ended challenges are swept by the flow that makes them, as the mfa_token's are; the retention
  // job takes whatever a quiet hour leaves.
  await sql`delete from passkey_challenges where expires_at < now() - interval '1 hour'`;
  await sql`
    insert into passkey_challenges (challenge, purpose, binding, user_id, expires_at)
    values (
      ${input.challenge}, ${input.purpose}, ${input.binding}, ${input.userId},
      now() + ${input.ttlSeconds} * interval '1 second'
    )`;
}

/**
 * Takes a live challenge of this purpose and binding, once: the row goes in the statement that
 * finds it, so two verifications of one challenge cannot both get it.
 */
export async function takePasskeyChallenge(
  sql: Queryable,
  input: { challenge: string; purpose: Purpose; binding: string },
): Promise<{ user_id: number | null } | undefined> {
  const [row] = await sql<{ user_id: number | null }[]>`
    delete from passkey_challenges
    where challenge = ${input.challenge} and purpose = ${input.purpose}
      and binding = ${input.binding} and expires_at > now()
    returning user_id::int as user_id`;
  return row;
}

export async function deleteExpiredPasskeyChallenges(sql: Queryable): Promise<number> {
  const result = await sql`delete from passkey_challenges where expires_at < now()`;
  return result.count;
}
