/**
 * Redeeming a mailed link's token. Everything happens under the token row's lock, so a token is
 * used at most once however many requests present it at once, and a wrong verifier is counted
 * (the fifth kills the token) even though the request fails.
 */
import type { Queryable, Sql } from "../db.ts";
import { ApiError } from "../http/errors.ts";
import { countWrongVerifier, deleteToken, lockToken, type StoredToken } from "./queries.ts";
import { parseEmailToken, type TokenPurpose, verifierMatches } from "./tokens.ts";

export const INVALID_LINK = "This link is invalid, expired or already used. Ask for a new one.";

/** 400 naming `token`, with the reason the web app branches on. */
export function invalidToken(): ApiError {
  return new ApiError(400, INVALID_LINK, {
    errors: [{ field: "token", message: INVALID_LINK }],
    reason: "invalid_token",
  });
}

type Checked = { ok: true; token: StoredToken } | { ok: false };

/** The stored token if `presented` is a live one of those purposes; counts a wrong verifier. */
async function check(
  tx: Queryable,
  presented: string,
  purposes: TokenPurpose[],
): Promise<Checked> {
  const parsed = parseEmailToken(presented);
  if (!parsed) return { ok: false };
  const token = await lockToken(tx, parsed.selector);
  if (!token) return { ok: false };
  if (!verifierMatches(parsed.verifier, token.verifier_hash)) {
    await countWrongVerifier(tx, token.selector);
    return { ok: false };
  }
  if (!token.live) {
    await deleteToken(tx, token.selector);
    return { ok: false };
  }
  // Right secret, wrong door: the token stays usable where it belongs.
  if (!purposes.includes(token.purpose)) return { ok: false };
  return { ok: true, token };
}

/**
 * Uses the token up and runs `apply` in the same transaction. `apply` returns undefined when the
 * token no longer fits the account (its address changed since): the token is spent all the same
 * and the answer is the invalid-link 400. An error `apply` throws undoes everything.
 */
export async function redeemToken<T>(
  sql: Sql,
  presented: string,
  purposes: TokenPurpose[],
  apply: (tx: Queryable, token: StoredToken) => Promise<T | undefined>,
): Promise<T> {
  const outcome = await sql.begin(async (tx) => {
    const checked = await check(tx, presented, purposes);
    if (!checked.ok) return undefined;
    await deleteToken(tx, checked.token.selector);
    const value = await apply(tx, checked.token);
    return value === undefined ? undefined : { value };
  });
  if (!outcome) throw invalidToken();
  return outcome.value;
}

/**
 * The token, checked but not used: for a flow that must do slow work (hashing a new password)
 * or may refuse the request (a weak password) before it spends the link.
 */
export async function peekToken(
  sql: Sql,
  presented: string,
  purposes: TokenPurpose[],
): Promise<StoredToken> {
  const checked = await sql.begin((tx) => check(tx, presented, purposes));
  if (!checked.ok) throw invalidToken();
  return checked.token;
}
