/**
 * `deno task api`: read config, migrate if asked (`--migrate`), serve until SIGINT/SIGTERM: in
 * this process, or with API_WORKERS > 1 (the default on several cores) in `deno serve --parallel`.
 */
import { ConfigError, loadAppRole, loadConfig } from "./config.ts";
import { createSql } from "./db.ts";
import { startServer } from "./http_server.ts";
import { serveParallel } from "./parallel.ts";
import { migrate } from "../db/migrate.ts";

let config, appRole;
try {
  config = loadConfig();
  appRole = loadAppRole();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

// Only where DATABASE_URL is the schema's owner (development): in production the API's role may
// not change the schema, and `deno task db:migrate` runs with the owner's URL instead.
if (Deno.args.includes("--migrate")) {
  const sql = createSql(config.databaseUrl, { max: 1 });
  try {
    await migrate(sql, { log: (line) => console.log(line), appRole });
  } finally {
    await sql.end();
  }
}

if (config.apiWorkers > 1) Deno.exit(await serveParallel(config));

let server;
try {
  server = await startServer(config);
} catch (error) {
  // A bad ADMIN_* value is a configuration mistake: say so in one line, like loadConfig's errors.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server!.shutdown();
    Deno.exit(0);
  });
}
