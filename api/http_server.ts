/** Builds the running service from a config: pool, hasher, tokens, limiter, app, HTTP server. */
import { createApp } from "./app.ts";
import { type AuthCache, createAuthCache } from "./auth_cache/auth_cache.ts";
import { createLoginQueue } from "./auth/login_queue.ts";
import { createPasswordHasher } from "./auth/passwords.ts";
import { createTokens } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import { createSql, settledWithin } from "./db.ts";
import type { Deps } from "./deps.ts";
import { createAfterResponse } from "./http/after_response.ts";
import { batchedStdout, jsonLogger, type Logger } from "./http/logger.ts";
import { createKeyring, type Keyring } from "./keys/keyring.ts";
import { readMigrations } from "../db/migrate.ts";
import type { RetryPolicy } from "./mail/schedule.ts";
import { type MailWorker, startMailWorker } from "./mail/worker.ts";
import { type RetentionJob, startRetentionJob } from "./retention/job.ts";
import { createRateLimiter } from "./security/rate_limit.ts";
import { ensureFirstAdmin } from "./users/first_admin.ts";

export type Service = {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  /** Stops the retention job and the mail worker, closes the pool and the password workers. */
  close(): Promise<void>;
};

export type RunningServer = AsyncDisposable & {
  url: string;
  deps: Deps;
  app: Service["app"];
  /** Stops accepting, lets in-flight requests finish (10 s at most), then closes the service. */
  shutdown(): Promise<void>;
};

type Options = {
  logger?: Logger;
  quiet?: boolean;
  /** Tests only: a faster retry schedule and polling than production's. */
  mail?: { retry?: RetryPolicy; pollIntervalMs?: number };
};

const DRAIN_LIMIT_MS = 10_000;

export async function buildService(config: Config, options: Options = {}): Promise<Service> {
  const logger = options.logger ?? jsonLogger(batchedStdout());
  const sql = createSql(config.databaseUrl);
  const passwords = createPasswordHasher({
    rounds: config.bcryptRounds,
    workers: config.passwordWorkers,
    pepper: config.passwordPepper,
    lowPriority: config.passwordLowPriority,
  });
  let retention: RetentionJob | undefined;
  const afterResponse = createAfterResponse(logger);
  let mailWorker: MailWorker | undefined;
  let keyring: Keyring | undefined;
  let authCache: AuthCache | undefined;
  const close = async () => {
    await retention?.stop();
    // The work requests left behind may queue mail: it finishes before the worker stops.
    await afterResponse.settled();
    await mailWorker?.stop();
    await keyring?.close();
    await authCache?.close();
    await sql.end({ timeout: 5 });
    await passwords.close();
  };
  try {
    // The dummy hash for unknown emails is made now, so the first such login is not slower.
    await passwords.warmUp();
    if (config.firstAdmin) {
      await ensureFirstAdmin(sql, passwords, config.firstAdmin, (line) => {
        if (!options.quiet) console.log(line);
      });
    }
    keyring = await createKeyring(sql, {
      ...config.signing,
      secretKey: config.secretKey,
      tokenTtlSeconds: config.accessTokenTtl,
      logger,
    });
    authCache = createAuthCache(sql, {
      databaseUrl: config.databaseUrl,
      fenceMs: config.authCacheFenceMs,
      logger,
    });
    const deps: Deps = {
      sql,
      config,
      passwords,
      keyring,
      tokens: createTokens({
        keyring,
        issuer: config.publicUrl,
        audience: config.tokenAudience,
        ttlSeconds: config.accessTokenTtl,
        secretKey: config.secretKey,
      }),
      limiter: createRateLimiter(sql, config.rateLimits),
      authCache,
      loginQueue: createLoginQueue({
        workers: passwords.size,
        max: config.loginQueueMax,
        lanes: passwords.lanes,
      }),
      logger,
      afterResponse,
      migrationVersions: (await readMigrations()).map((migration) => migration.version),
    };
    retention = startRetentionJob(sql, config.retention, { logger });
    if (config.smtpUrl) {
      mailWorker = startMailWorker({
        sql,
        databaseUrl: config.databaseUrl,
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        logger,
        ...options.mail,
      });
    } else if (!options.quiet) {
      console.log("SMTP_URL is unset: mail is queued in the outbox and not delivered");
    }
    return { app: createApp(deps), deps, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function startServer(config: Config, options: Options = {}): Promise<RunningServer> {
  const { app, deps, close } = await buildService(config, options);
  const server = Deno.serve({
    hostname: config.host,
    port: config.port,
    onListen: () => {},
  }, app.fetch);
  const { hostname, port } = server.addr;
  const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
  if (!options.quiet) console.log(`users API listening on ${url}`);

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    closing ??= (async () => {
      await settledWithin(server.shutdown(), DRAIN_LIMIT_MS);
      await close();
    })();
  return { url, deps, app, shutdown, [Symbol.asyncDispose]: shutdown };
}
