/**
 * The flows behind /auth that start, renew and end sessions. Each checks what it must (rate
 * limits, the password, the refresh token), writes the session change and its audit event in one
 * transaction, and hands the route the tokens to answer with.
 */
import { type AuditAction, type AuditEventInput, clipped, recordEvent } from "../audit/queries.ts";
import type { Deps } from "../deps.ts";
import { countMailTo, mayMailTo } from "../email/mail_limits.ts";
import { queueVerification } from "../email/verification_service.ts";
import { ApiError, conflict, unauthorized } from "../http/errors.ts";
import {
  brandOf,
  emailTakenOnRegisterMail,
  newDeviceSigninMail,
  recipientOf,
} from "../mail/messages.ts";
import { queueMail } from "../mail/outbox.ts";
import {
  DuplicateUserError,
  findUserByEmail,
  findUserById,
  findUserWithHashByEmail,
  type User,
} from "../users/queries.ts";
import { createAccount } from "../users/service.ts";
import { startSecondStep } from "../mfa/challenges.ts";
import type { MfaMethod } from "../mfa/schemas.ts";
import { factorsOf } from "../mfa/queries.ts";
import { type IssuedDevice, issueDevice, verifyDevice } from "./device_cookie.ts";
import { accountKey, type ReservedAttempt, reserveLoginAttempt } from "./login_attempts.ts";
import { ACCOUNT_DISABLED, SESSION_EXPIRED } from "./middleware.ts";
import { revokeSession } from "./queries.ts";
import { upgradePasswordHash } from "./rehash.ts";
import type { LoginBody, RegisterBody } from "./schemas.ts";
import {
  idleSeconds,
  rotateSession,
  type SignedIn,
  signedIn,
  startSession,
} from "./session_service.ts";

type AuthDeps = Pick<Deps, "sql" | "passwords" | "tokens" | "limiter" | "config" | "loginQueue">;

export type { SignedIn };
/** A login also makes the browser known to the account (its device cookie). */
export type LoggedIn = SignedIn & { device: IssuedDevice };
/**
 * The password was right, but the account has a second factor: no session yet, a token for
 * `POST /auth/mfa/verify` instead.
 */
export type SecondFactorDue = { mfaToken: string; methods: MfaMethod[] };
export type LoginOutcome = ({ mfa: false } & LoggedIn) | ({ mfa: true } & SecondFactorDue);
/**
 * Signed in at once, or (REQUIRE_EMAIL_VERIFICATION) waiting for the link: then the answer is
 * the same whether or not the address already had an account.
 */
export type Registered = ({ pending: false } & LoggedIn) | { pending: true };
/** Refusals that also end the browser's refresh cookie; other errors are thrown. */
export type RefreshOutcome = ({ ok: true } & SignedIn) | { ok: false; error: ApiError };
/** Who is asking, for rate limits, the audit trail and the session list. */
export type Client = { ip: string; userAgent: string | null };
/** The signed-in caller of an account flow. */
export type Caller = Client & {
  user: User;
  sessionId: string;
  /** The generation of the access token the caller presented. */
  accessGeneration: number;
};

const INVALID_CREDENTIALS = "Invalid email or password.";
export const EMAIL_UNVERIFIED = "Verify your email address before logging in.";
const USER_EXISTS = "Sorry. That user already exists.";

export async function register(
  deps: AuthDeps,
  body: RegisterBody,
  client: Client,
): Promise<Registered> {
  const { sql, passwords, limiter, config } = deps;
  await limiter.consume("registerIp", client.ip);
  // Counted for every address alike; a new account's first link goes even when over the limit.
  const mayMail = await mayMailTo(deps, body.email);
  if (!mayMail) await countMailTo(deps, body.email);
  const pending = config.requireEmailVerification;
  // The account, its verification link and (unless it must wait for the link) its session are
  // made in one transaction, so a client told "failed" never has an account half made.
  let session: LoggedIn | undefined;
  try {
    await createAccount(sql, passwords, body, {
      ip: client.ip,
      rawDuplicates: true,
      inTransaction: async (tx, user) => {
        await queueVerification(tx, config, user);
        if (pending) return;
        const started = await startSession(tx, user.id, sessionLimits(config), client);
        // Signed before the commit, like the session: nothing that can fail runs after it.
        session = {
          ...await signedIn(deps, started, user),
          device: issueDevice(config.secretKey, user.id, config.deviceCookieTtl),
        };
      },
    });
  } catch (error) {
    if (!(error instanceof DuplicateUserError)) throw error;
    // Usernames are public (the directory): a taken one may say so. A taken address may only
    // when nothing hides it anyway.
    if (error.field === "username" || !pending) throw conflict(USER_EXISTS);
    await tellOwnerOfRegistration(deps, body.email, client, mayMail);
  }
  return session ? { pending: false, ...session } : { pending: true };
}

/** Someone registered with an address that has an account: its owner hears, nobody else. */
async function tellOwnerOfRegistration(
  deps: AuthDeps,
  email: string,
  client: Client,
  mayMail: boolean,
): Promise<void> {
  const owner = await findUserByEmail(deps.sql, email);
  if (!owner) return;
  await deps.sql.begin(async (tx) => {
    if (mayMail) {
      const to = recipientOf(owner);
      await queueMail(tx, emailTakenOnRegisterMail(brandOf(deps.config), to));
    }
    await recordEvent(tx, {
      action: "auth.registration_email_taken",
      targetId: owner.id,
      detail: { notified: mayMail },
      ip: client.ip,
    });
  });
}

export async function logIn(
  deps: AuthDeps,
  { email, password, remember = true }: LoginBody,
  client: Client,
  deviceCookie?: string,
): Promise<LoginOutcome> {
  const { sql, passwords, limiter, config, loginQueue } = deps;
  // The queue is entered before any database work, so that a storm's refused guesses cost this
  // process and PostgreSQL nothing but the 503. A signed device cookie takes the known browsers'
  // queue on its word until the account is read; one naming another account is sent back to the
  // queue of unknown browsers.
  const device = verifyDevice(config.secretKey, deviceCookie);
  let place = loginQueue.admit(device !== undefined);
  let user: Awaited<ReturnType<typeof findUserWithHashByEmail>>;
  let knownDevice: string | undefined;
  let matches: boolean;
  let attempt: ReservedAttempt;
  try {
    // Every attempt counts against the client's network; the account's own limits follow.
    await limiter.consume("loginIp", client.ip);
    user = await findUserWithHashByEmail(sql, email);
    knownDevice = user && device?.userId === user.id ? device.deviceId : undefined;
    if (device !== undefined && knownDevice === undefined) {
      place.leave();
      place = loginQueue.admit(false);
    }
    attempt = await reserveLoginAttempt(limiter, {
      account: accountKey(user?.id, email),
      ip: client.ip,
      deviceId: knownDevice,
    });
    // An unknown email costs a full bcrypt comparison too, so timing does not reveal accounts.
    matches = await place.compare((lane) =>
      user
        ? passwords.verify(password, user.password_hash, lane)
        : passwords.verifyDummy(password, lane)
    );
  } finally {
    place.leave();
  }
  if (!user || !matches) {
    await recordEvent(sql, {
      action: "auth.login_failed",
      targetId: user?.id,
      detail: { email: clipped(email) },
      ip: client.ip,
    });
    throw new ApiError(401, INVALID_CREDENTIALS);
  }
  await attempt.succeeded();
  if (!user.active) throw new ApiError(403, ACCOUNT_DISABLED);
  if (config.requireEmailVerification && !user.email_verified_at) {
    throw new ApiError(403, EMAIL_UNVERIFIED, { reason: "email_unverified" });
  }
  await upgradePasswordHash(deps, user, password);
  const { methods } = await factorsOf(sql, user.id);
  if (methods.length > 0) {
    const mfaToken = await startSecondStep(sql, user.id, { remember, knownDevice });
    return { mfa: true, mfaToken, methods };
  }
  return {
    mfa: false,
    ...await startLogin(deps, user, { remember, knownDevice, amr: ["pwd"] }, client),
  };
}

/**
 * Starts the session of a login that proved all it had to (the password, and the second factor
 * when the account has one): the session, its audit event, the new-browser notice, the device
 * cookie.
 */
export async function startLogin(
  deps: Pick<AuthDeps, "sql" | "tokens" | "config">,
  user: User,
  login: { remember: boolean; knownDevice: string | undefined; amr: string[]; method?: string },
  client: Client,
): Promise<LoggedIn> {
  const { sql, config } = deps;
  const { remember, knownDevice, amr } = login;
  // Made before the commit: nothing that can fail runs after it.
  const issuedDevice = issueDevice(config.secretKey, user.id, config.deviceCookieTtl);
  const session = await sql.begin(async (tx) => {
    const started = await startSession(
      tx,
      user.id,
      { ...sessionLimits(config, remember), amr },
      client,
    );
    await recordEvent(tx, {
      action: "auth.login",
      actorId: user.id,
      targetId: user.id,
      detail: login.method ? { amr, method: login.method } : undefined,
      ip: client.ip,
    });
    // A browser that never logged in to this account: its owner hears of it.
    if (config.notifyNewDevice && knownDevice === undefined) {
      const to = recipientOf(user);
      const signIn = { at: new Date(), ip: client.ip, userAgent: client.userAgent };
      await queueMail(tx, newDeviceSigninMail(brandOf(config), to, signIn));
    }
    return await signedIn(deps, started, user);
  });
  return { ...session, device: issuedDevice };
}

/** A new refresh token for the presented one (see `rotateSession`), with its access token. */
export async function refresh(
  deps: AuthDeps,
  presented: string | undefined,
  client: Client,
): Promise<RefreshOutcome> {
  const { sql, limiter } = deps;
  await limiter.consume("refreshIp", client.ip);
  const rotated = presented === undefined
    ? undefined
    : await rotateSession(deps, presented, client);
  if (!rotated) {
    return { ok: false, error: unauthorized(SESSION_EXPIRED, presented !== undefined) };
  }
  const user = await findUserById(sql, rotated.refresh.userId);
  if (!user?.active) {
    await revokeSession(sql, rotated.refresh.sessionId);
    return { ok: false, error: new ApiError(403, ACCOUNT_DISABLED) };
  }
  return { ok: true, ...rotated };
}

/** Ends the caller's session at once: its access tokens stop working with it. */
export async function logOut(deps: Pick<Deps, "sql">, caller: Caller): Promise<void> {
  await deps.sql.begin(async (tx) => {
    await revokeSession(tx, caller.sessionId);
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

function sessionLimits(config: AuthDeps["config"], remember = true) {
  return {
    ttlSeconds: idleSeconds(config, remember),
    maxAgeSeconds: config.sessionMaxAge,
    remember,
  };
}
