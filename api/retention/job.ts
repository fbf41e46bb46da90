/**
 * Deletes what the service no longer needs: sessions some days after they ended, audit events
 * past their retention, mail some days after it left, expired mail tokens, second steps and
 * rate-limit windows. Every replica runs the job; a lock lets one of them do each round.
 */
import type { Sql } from "../db.ts";
import type { Logger } from "../http/logger.ts";
import { deleteExpiredTokens } from "../email/queries.ts";
import { deleteFinishedMail } from "../mail/queries.ts";
import { deleteExpiredChallenges } from "../mfa/queries.ts";
import { deleteExpiredPasskeyChallenges } from "../passkeys/queries.ts";
import {
  deleteEndedSessions,
  deleteExpiredRateLimits,
  pruneAuditEvents,
  withRetentionLock,
} from "./queries.ts";

export type RetentionSettings = {
  sessionDays: number;
  auditDays: number;
  mailDays: number;
  rateLimitSeconds: number;
};
/** What one round deleted; undefined when another replica held the lock and did the round. */
export type RetentionRound =
  | {
    sessions: number;
    auditEvents: number;
    mail: number;
    emailTokens: number;
    mfaChallenges: number;
    rateLimits: number;
    passkeyChallenges: number;
  }
  | undefined;

/**
 * Retention is counted in days, so an hour late costs nothing, and a round that finds nothing to
 * delete is a few index lookups: hourly keeps both tables near their bound at no real cost.
 */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export async function runRetention(sql: Sql, settings: RetentionSettings): Promise<RetentionRound> {
  return await withRetentionLock(sql, async (tx) => ({
    sessions: await deleteEndedSessions(tx, settings.sessionDays),
    auditEvents: await pruneAuditEvents(tx, settings.auditDays),
    mail: await deleteFinishedMail(tx, settings.mailDays),
    // Past their lifetime a mailed link's token is of no use, and no evidence either.
    emailTokens: await deleteExpiredTokens(tx),
    mfaChallenges: await deleteExpiredChallenges(tx),
    rateLimits: await deleteExpiredRateLimits(tx, settings.rateLimitSeconds),
    // Ceremonies begun and never finished; their flow sweeps most, a quiet hour leaves a few.
    passkeyChallenges: await deleteExpiredPasskeyChallenges(tx),
  }));
}

export type RetentionJob = { stop(): Promise<void> };

/**
 * Runs a round every `intervalMs`, the first after a random part of it, so that replicas started
 * together do not all try at once. A failed round (say, the database is down) is logged and the
 * next one tries again.
 */
export function startRetentionJob(
  sql: Sql,
  settings: RetentionSettings,
  options: { logger: Logger; intervalMs?: number },
): RetentionJob {
  const intervalMs = options.intervalMs ?? RETENTION_INTERVAL_MS;
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer = setTimeout(round, Math.random() * intervalMs);

  function round() {
    running = runRetention(sql, settings).then((deleted) => {
      if (deleted) options.logger.info({ msg: "retention round", ...deletedCounts(deleted) });
    }, (error) => {
      options.logger.error({ msg: "retention round failed", error: `${error}` });
    }).finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(round, intervalMs);
    });
  }

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

function deletedCounts(round: NonNullable<RetentionRound>) {
  return {
    sessions_deleted: round.sessions,
    audit_events_deleted: round.auditEvents,
    mail_deleted: round.mail,
    email_tokens_deleted: round.emailTokens,
    mfa_challenges_deleted: round.mfaChallenges,
    rate_limits_deleted: round.rateLimits,
    passkey_challenges_deleted: round.passkeyChallenges,
  };
}
