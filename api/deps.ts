import type { AuthCache } from "./auth_cache/auth_cache.ts";
import type { LoginQueue } from "./auth/login_queue.ts";
import type { PasswordHasher } from "./auth/passwords.ts";
import type { Tokens } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import type { Keyring } from "./keys/keyring.ts";
import type { Sql } from "./db.ts";
import type { AfterResponse } from "./http/after_response.ts";
import type { Logger } from "./http/logger.ts";
import type { RateLimiter } from "./security/rate_limit.ts";

/** What the routes need from the outside world; built by main.ts, or by tests. */
export type Deps = {
  sql: Sql;
  config: Config;
  passwords: PasswordHasher;
  tokens: Tokens;
  /** The signing keys, loaded once and refreshed in the background. */
  keyring: Keyring;
  limiter: RateLimiter;
  /** The users and sessions authenticated requests read, kept in memory (api/auth_cache/). */
  authCache: AuthCache;
  /** Bounds the bcrypt work logins may queue up in this process. */
  loginQueue: LoginQueue;
  logger: Logger;
  /** Work requests start and do not wait for (see after_response.ts). */
  afterResponse: AfterResponse;
  /** The migration versions in db/migrations, read at start-up, for the readiness check. */
  migrationVersions: string[];
};
