/**
 * Second factors in PostgreSQL: the authenticator app's sealed secret and the newest time step it
 * accepted, recovery codes (hashed), and the challenges of logins waiting for their code.
 */
import type { Queryable } from "../db.ts";
import type { MfaMethod } from "./schemas.ts";

export type TotpRow = {
  secret: Uint8Array | null;
  confirmed_at: Date | null;
  last_step: number;
};

export async function findTotp(sql: Queryable, userId: number): Promise<TotpRow | undefined> {
  const [row] = await sql<TotpRow[]>`
    select secret, confirmed_at, last_step
    from totp_factors where user_id = ${userId}`;
  return row;
}

/** A new, unconfirmed secret; an unconfirmed one before it is replaced, a confirmed one is not. */
export async function putPendingTotp(
  sql: Queryable,
  userId: number,
  sealed: Uint8Array,
): Promise<boolean> {
  const rows = await sql`
    insert into totp_factors (user_id, secret) values (${userId}, ${sealed})
    on conflict (user_id) do update set secret = excluded.secret, created_at = now()
      where totp_factors.confirmed_at is null
    returning user_id`;
  return rows.length > 0;
}

/**
 * Spends a time step: true only when it is newer than every step accepted before for this user.
 * The row's lock makes two requests with one code a single success.
 */
export async function spendStep(
  sql: Queryable,
  userId: number,
  step: number,
  options: { confirm: boolean },
): Promise<boolean> {
  const confirm = options.confirm ? sql`, confirmed_at = now()` : sql``;
  const state = options.confirm ? sql`confirmed_at is null` : sql`confirmed_at is not null`;
  const rows = await sql`
    update totp_factors set last_step = ${step} ${confirm}
    where user_id = ${userId} and secret is not null and ${state} and last_step < ${step}
    returning user_id`;
  return rows.length > 0;
}

/** Forgets the secret but keeps the newest step, so no code is accepted twice after re-enrolment. */
export async function disableTotp(sql: Queryable, userId: number): Promise<boolean> {
  const rows = await sql`
    update totp_factors set secret = null, confirmed_at = null
    where user_id = ${userId} and secret is not null
    returning user_id`;
  return rows.length > 0;
}

export async function replaceRecoveryCodes(
  sql: Queryable,
  userId: number,
  hashes: Uint8Array[],
): Promise<void> {
  await sql`delete from recovery_codes where user_id = ${userId}`;
  const rows = hashes.map((code_hash) => ({ user_id: userId, code_hash }));
  if (rows.length) await sql`insert into recovery_codes ${sql(rows, "user_id", "code_hash")}`;
}

/**
 * Serialises the changes to one user's factors: which factor is the first or the last (and so
 * whether recovery codes come or go) is decided on what committed transactions left.
 */
export async function lockFactors(tx: Queryable, userId: number): Promise<void> {
  await tx`select id from users where id = ${userId} for no key update`;
}

/** Marks an unused code used; false when it is not one of the user's unused codes. */
export async function spendRecoveryCode(
  sql: Queryable,
  userId: number,
  hash: Uint8Array,
): Promise<boolean> {
  const rows = await sql`
    update recovery_codes set used_at = now()
    where user_id = ${userId} and code_hash = ${hash} and used_at is null
    returning user_id`;
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(sql: Queryable, userId: number): Promise<number> {
  const [{ count }] = await sql<{ count: number }[]>`
    select count(*)::int as count from recovery_codes where user_id = ${userId} and used_at is null`;
  return count;
}

export type Factors = {
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: number;
  methods: MfaMethod[];
};

/**
 * Which second factors a user has (never the factors themselves): what the login's second step
 * offers. A passkey counts as one.
 */
export async function factorsOf(sql: Queryable, userId: number): Promise<Factors> {
  const [row] = await sql<{ totp: boolean; recovery_codes: number; passkeys: number }[]>`
    select
      exists (
        select 1 from totp_factors where user_id = ${userId} and confirmed_at is not null
      ) as totp,
      (select count(*)::int from recovery_codes where user_id = ${userId} and used_at is null)
        as recovery_codes,
      (select count(*)::int from passkeys where user_id = ${userId}) as passkeys`;
  const methods: MfaMethod[] = [];
  if (row.totp) methods.push("totp");
  // Codes stand in for whichever factor is lost; with no factor left they open nothing.
  if ((row.totp || row.passkeys > 0) && row.recovery_codes > 0) methods.push("recovery_code");
  if (row.passkeys > 0) methods.push("webauthn");
  return {
    totp: row.totp,
    recoveryCodesLeft: row.recovery_codes,
    passkeys: row.passkeys,
    methods,
  };
}

/** The API's answer about a user's factors (`factorsBody`), to the user or to an admin. */
export function presentFactors(
  factors: Factors,
  passkeys: { name: string; created_at: Date; last_used_at: Date | null }[],
) {
  return {
    totp: factors.totp,
    recovery_codes_left: factors.recoveryCodesLeft,
    passkeys: passkeys.map(({ name, created_at, last_used_at }) => ({
      name,
      created_at,
      last_used_at,
    })),
    methods: factors.methods,
  };
}

/** The user of a live login challenge, without counting an attempt (a passkey's options). */
export async function findLiveChallenge(
  sql: Queryable,
  tokenHash: string,
  maxAttempts: number,
): Promise<{ user_id: number } | undefined> {
  const [row] = await sql<{ user_id: number }[]>`
    select user_id from mfa_challenges
    where token_hash = ${tokenHash} and used_at is null and expires_at > now()
      and attempts < ${maxAttempts}`;
  return row;
}

export type Challenge = {
  user_id: number;
  remember: boolean;
  known_device: string | null;
};

export async function insertChallenge(
  sql: Queryable,
  input: {
    tokenHash: string;
    userId: number;
    remember: boolean;
    knownDevice: string | null;
    ttlSeconds: number;
  },
): Promise<void> {
  // Ended challenges are swept here, by the flow that makes them, rather than by another job.
  await sql`delete from mfa_challenges where expires_at < now() - interval '1 hour'`;
  await sql`
    insert into mfa_challenges (token_hash, user_id, remember, known_device, expires_at)
    values (
      ${input.tokenHash}, ${input.userId}, ${input.remember}, ${input.knownDevice},
      now() + ${input.ttlSeconds} * interval '1 second'
    )`;
}

/**
 * Counts one attempt on a live challenge, in the statement that checks it is still alive (not
 * used, not expired, under the attempt limit): parallel guesses each take one of the attempts.
 */
export async function takeChallengeAttempt(
  sql: Queryable,
  tokenHash: string,
  maxAttempts: number,
): Promise<Challenge | undefined> {
  const [row] = await sql<Challenge[]>`
    update mfa_challenges set attempts = attempts + 1
    where token_hash = ${tokenHash} and used_at is null and expires_at > now()
      and attempts < ${maxAttempts}
    returning user_id, remember, known_device`;
  return row;
}

/** Ends a challenge for good; false when another request ended it first. */
export async function spendChallenge(sql: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await sql`
    update mfa_challenges set used_at = now()
    where token_hash = ${tokenHash} and used_at is null
    returning token_hash`;
  return rows.length > 0;
}

export type Assurance = { amr: string[]; ageSeconds: number };

/** What a session's login (or its last re-check) proved, and how long ago, by the database's clock. */
export async function findAssurance(
  sql: Queryable,
  sessionId: string,
): Promise<Assurance | undefined> {
  const [row] = await sql<{ amr: string[]; age: number }[]>`
    select amr, extract(epoch from now() - auth_time)::float8 as age
    from sessions where id = ${sessionId}`;
  return row && { amr: row.amr, ageSeconds: row.age };
}

/** A re-check: the session's holder proved now who they are, with `method` (an `amr` value). */
export async function markReauthenticated(
  sql: Queryable,
  sessionId: string,
  method: string,
): Promise<void> {
  await sql`
    update sessions set
      auth_time = now(),
      amr = case when ${method} = any(amr) then amr else amr || ${method}::text end
    where id = ${sessionId}`;
}

/** Whom a notice about a user's factors goes to; undefined when there is no such user. */
export async function findOwner(
  sql: Queryable,
  userId: number,
): Promise<{ id: number; email: string; username: string } | undefined> {
  const [row] = await sql<{ id: number; email: string; username: string }[]>`
    select id, email, username from users where id = ${userId}`;
  return row;
}

/**
 * Which of `userIds` have a second factor (a confirmed app or a passkey): an EXISTS per id on the
 * factor tables' user_id keys, for a page of the admin's user list.
 */
export async function usersWithSecondFactor(
  sql: Queryable,
  userIds: number[],
): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await sql<{ id: number }[]>`
    select id from unnest(${userIds}::bigint[]) as ids (id)
    where exists (
        select 1 from totp_factors t where t.user_id = ids.id and t.confirmed_at is not null
      )
      or exists (select 1 from passkeys p where p.user_id = ids.id)`;
  return new Set(rows.map((row) => row.id));
}

/** Second steps past their lifetime (used or not): of no use and no evidence; returns how many. */
export async function deleteExpiredChallenges(tx: Queryable): Promise<number> {
  const result = await tx`delete from mfa_challenges where expires_at < now()`;
  return result.count;
}
