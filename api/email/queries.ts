/** The mailed links' tokens (`email_tokens`, see tokens.ts): issue, lock, count failures, delete. */
import type { Queryable } from "../db.ts";
import {
  MAX_FAILED_ATTEMPTS,
  newEmailToken,
  TOKEN_LIFETIME_SECONDS,
  type TokenPurpose,
} from "./tokens.ts";

export type StoredToken = {
  selector: string;
  verifier_hash: Uint8Array;
  user_id: number;
  purpose: TokenPurpose;
  email: string;
  /** False once past its lifetime. */
  live: boolean;
};

/**
 * A new token for the user and purpose, replacing every older one of that purpose (the newest
 * link is the only one that works). Returns the token for the mail; only its hash is stored.
 */
export async function issueToken(
  tx: Queryable,
  input: { userId: number; purpose: TokenPurpose; email: string },
): Promise<string> {
  const { token, selector, verifierHash } = newEmailToken();
  const lifetime = TOKEN_LIFETIME_SECONDS[input.purpose];
  await tx`delete from email_tokens where user_id = ${input.userId} and purpose = ${input.purpose}`;
  await tx`
    insert into email_tokens (selector, verifier_hash, user_id, purpose, email, expires_at)
    values (
      ${selector}, ${verifierHash}, ${input.userId}, ${input.purpose}, ${input.email},
      now() + ${lifetime} * interval '1 second'
    )`;
  return token;
}

/**
 * The token a selector names, locked until the transaction ends: of two requests presenting it
 * at once, the second waits and then finds it gone.
 */
export async function lockToken(tx: Queryable, selector: string): Promise<StoredToken | undefined> {
  const [row] = await tx<StoredToken[]>`
    select selector, verifier_hash, user_id, purpose, email, expires_at > now() as live
    from email_tokens where selector = ${selector}
    for update`;
  return row;
}

/** Counts a wrong verifier for the selector; the last allowed one deletes the token. */
export async function countWrongVerifier(tx: Queryable, selector: string): Promise<void> {
  await tx`
    with counted as (
      update email_tokens set failed_attempts = failed_attempts + 1
      where selector = ${selector} and failed_attempts < ${MAX_FAILED_ATTEMPTS - 1}
      returning 1
    )
    delete from email_tokens
    where selector = ${selector} and not exists (select 1 from counted)`;
}

export async function deleteToken(tx: Queryable, selector: string): Promise<void> {
  await tx`delete from email_tokens where selector = ${selector}`;
}

/** Ends the user's outstanding links of those purposes (all of them when none are named). */
export async function deleteUserTokens(
  tx: Queryable,
  userId: number,
  purposes?: TokenPurpose[],
): Promise<void> {
  const which = purposes ? tx`and purpose in ${tx(purposes)}` : tx``;
  await tx`delete from email_tokens where user_id = ${userId} ${which}`;
}

/** For the retention job: tokens past their lifetime; returns how many. */
export async function deleteExpiredTokens(tx: Queryable): Promise<number> {
  const result = await tx`delete from email_tokens where expires_at < now()`;
  return result.count;
}
