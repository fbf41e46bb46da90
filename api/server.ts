/** Builds the running service from a config: pool, hasher, tokens, app, HTTP server. */
import { createApp } from "./app.ts";
import { createPasswordHasher } from "./auth/passwords.ts";
import { createTokens } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import { createSql } from "./db.ts";
import type { Deps } from "./deps.ts";
import { createRateLimiter } from "./security/rate_limit.ts";
import { ensureFirstAdmin } from "./users/first_admin.ts";

export type RunningServer = AsyncDisposable & {
  url: string;
  deps: Deps;
  /** Stops accepting, lets in-flight requests finish, then closes the pool and the workers. */
  shutdown(): Promise<void>;
};

export async function startServer(
  config: Config,
  options: { quiet?: boolean } = {},
): Promise<RunningServer> {
  const sql = createSql(config.databaseUrl);
  const passwords = createPasswordHasher({
    rounds: config.bcryptRounds,
    workers: config.passwordWorkers,
  });
  // The dummy hash for unknown emails is made now, so the first such login is not slower.
  await passwords.warmUp();
  if (config.firstAdmin) {
    try {
      await ensureFirstAdmin(sql, passwords, config.firstAdmin, (line) => {
        if (!options.quiet) console.log(line);
      });
    } catch (error) {
      await sql.end({ timeout: 5 });
      await passwords.close();
      throw error;
    }
  }
  const tokens = createTokens({ secretKey: config.secretKey, ttlSeconds: config.accessTokenTtl });
  const limiter = createRateLimiter(sql, config.rateLimits);
  const deps: Deps = { sql, config, passwords, tokens, limiter };
  const app = createApp(deps);

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
      await server.shutdown();
      await sql.end({ timeout: 5 });
      await passwords.close();
    })();
  return { url, deps, shutdown, [Symbol.asyncDispose]: shutdown };
}
