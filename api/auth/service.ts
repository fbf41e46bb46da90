/**
 * The flows behind /auth that start, renew and end sessions. Each checks what it must (rate
 * limits, the password, the refresh token), writes the session change and its audit event in one
 * transaction, and hands the route the tokens to answer with.
 */
import { type AuditAction, type AuditEventInput, clipped, recordEvent } from "../audit/queries.ts";
import type { Queryable } from "../db.ts";
import type { Deps } from "../deps.ts";
import { ApiError, unauthorized } from "../http/errors.ts";
import { findUserById, findUserWithHashByEmail, type User } from "../users/queries.ts";
import { createAccount } from "../users/service.ts";
import { ACCOUNT_DISABLED, SESSION_EXPIRED } from "./middleware.ts";
import {
  insertRefreshToken,
  type IssuedRefresh,
  lockRefreshToken,
  markRotated,
  revokeFamily,
  type SessionMeta,
} from "./queries.ts";
import { hashToken, newRefreshToken } from "./refresh_token.ts";
import { upgradePasswordHash } from "./rehash.ts";
import type { LoginBody, RegisterBody } from "./schemas.ts";
import type { IssuedToken } from "./tokens.ts";

type AuthDeps = Pick<Deps, "sql" | "passwords" | "tokens" | "limiter" | "config">;

/** A new or renewed session: the access token for the body, the refresh token for the cookie. */
export type SignedIn = { access: IssuedToken; refresh: IssuedRefresh };
/** Refusals that also end the browser's refresh cookie; other errors are thrown. */
export type RefreshOutcome = ({ ok: true } & SignedIn) | { ok: false; error: ApiError };
/** Who is asking, for rate limits, the audit trail and the session list. */
export type Client = { ip: string; userAgent: string | null };
/** The signed-in caller of an account flow. */
export type Caller = { user: User; sessionId: string; ip: string };

const INVALID_CREDENTIALS = "Invalid email or password.";

export async function register(
  deps: AuthDeps,
  body: RegisterBody,
  client: Client,
): Promise<SignedIn> {
  const { sql, passwords, limiter, config } = deps;
  await limiter.consume("registerIp", client.ip);
  const user = await createAccount(sql, passwords, body, { ip: client.ip });
  return await signedIn(deps, await startSession(sql, user.id, config.refreshTokenTtl, client));
}

export async function logIn(
  deps: AuthDeps,
  { email, password }: LoginBody,
  client: Client,
): Promise<SignedIn> {
  const { sql, passwords, limiter, config } = deps;
  // Every attempt counts against the client; only failures count against the account, so a
  // person who mistypes a few times is not locked out by their own successes.
  await limiter.consume("loginIp", client.ip);
  await limiter.check("loginEmail", email);
  const user = await findUserWithHashByEmail(sql, email);
  // An unknown email costs a full bcrypt comparison too, so timing does not reveal accounts.
  const matches = user
    ? await passwords.verify(password, user.password_hash)
    : await passwords.verifyDummy(password);
  if (!user || !matches) {
    await limiter.hit("loginEmail", email);
    await recordEvent(sql, {
      action: "auth.login_failed",
      targetId: user?.id,
      detail: { email: clipped(email) },
      ip: client.ip,
    });
    throw new ApiError(401, INVALID_CREDENTIALS);
  }
  await limiter.reset("loginEmail", email);
  if (!user.active) throw new ApiError(403, ACCOUNT_DISABLED);
  await upgradePasswordHash(deps, user, password);
  const session = await sql.begin(async (tx) => {
    const started = await startSession(tx, user.id, config.refreshTokenTtl, client);
    await recordEvent(tx, {
      action: "auth.login",
      actorId: user.id,
      targetId: user.id,
      ip: client.ip,
    });
    return started;
  });
  return await signedIn(deps, session);
}

/**
 * Exchanges a refresh token for a new one in the same family. A token that was already rotated
 * (longer ago than the grace period) is a stolen copy or a replay: the whole family is revoked.
 */
export async function refresh(
  deps: AuthDeps,
  presented: string | undefined,
  client: Client,
): Promise<RefreshOutcome> {
  const { sql, limiter, config } = deps;
  await limiter.consume("refreshIp", client.ip);
  const expired = {
    ok: false,
    error: unauthorized(SESSION_EXPIRED, presented !== undefined),
  } as const;
  if (presented === undefined) return expired;
  const hash = await hashToken(presented);
  const rotated = await sql.begin(async (tx) => {
    const row = await lockRefreshToken(tx, hash, config.refreshReuseGrace);
    if (!row || row.revoked_at) return undefined;
    // A page reloaded while its refresh was in flight presents the old token again a moment
    // later: within the grace period that is the same browser, not a thief.
    if (row.rotated_at && !row.in_grace) {
      await revokeFamily(tx, row.family_id);
      await recordEvent(tx, {
        action: "auth.refresh_reused",
        targetId: row.user_id,
        detail: { session_id: row.family_id },
        ip: client.ip,
      });
      return undefined;
    }
    if (row.expired) return undefined;
    await markRotated(tx, row.id);
    return await issueRefresh(tx, {
      userId: row.user_id,
      familyId: row.family_id,
      ttlSeconds: config.refreshTokenTtl,
      meta: client,
    });
  });
  if (!rotated) return expired;
  const user = await findUserById(sql, rotated.userId);
  if (!user?.active) {
    await revokeFamily(sql, rotated.familyId);
    return { ok: false, error: new ApiError(403, ACCOUNT_DISABLED) };
  }
  return { ok: true, ...(await signedIn(deps, rotated)) };
}

/** Ends the caller's session at once: its access tokens stop working with it. */
export async function logOut(deps: Pick<Deps, "sql">, caller: Caller): Promise<void> {
  await deps.sql.begin(async (tx) => {
    await revokeFamily(tx, caller.sessionId);
    await recordEvent(tx, ownEvent(caller, "auth.logout"));
  });
}

/** An audit event of something callers did to their own account. */
export function ownEvent(
  caller: Caller,
  action: AuditAction,
  detail?: Record<string, unknown>,
): AuditEventInput {
  return { action, actorId: caller.user.id, targetId: caller.user.id, detail, ip: caller.ip };
}

/** Starts a new session family for a user who just proved who they are. */
export async function startSession(
  sql: Queryable,
  userId: number,
  ttlSeconds: number,
  meta: SessionMeta,
): Promise<IssuedRefresh> {
  return await issueRefresh(sql, { userId, familyId: crypto.randomUUID(), ttlSeconds, meta });
}

async function issueRefresh(
  sql: Queryable,
  input: { userId: number; familyId: string; ttlSeconds: number; meta: SessionMeta },
): Promise<IssuedRefresh> {
  const token = newRefreshToken();
  const expiresAt = await insertRefreshToken(sql, { ...input, tokenHash: await hashToken(token) });
  return { familyId: input.familyId, userId: input.userId, token, expiresAt };
}

async function signedIn(deps: AuthDeps, refresh: IssuedRefresh): Promise<SignedIn> {
  return { access: await deps.tokens.issue(refresh.userId, refresh.familyId), refresh };
}
