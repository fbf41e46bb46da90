/**
 * Entry for `deno serve --parallel api/deno_serve_entry.ts`: each of Deno's serving workers (one
 * per core, or DENO_JOBS) imports this module and builds its own service (pool and password
 * workers).
 * Migrations are not run here: run `deno task db:migrate` (or `deno task api --migrate`) first.
 */
import { loadConfig } from "./config.ts";
import { buildService } from "./http_server.ts";

const { app, close } = await buildService(loadConfig());
// A SIGTERM listener replaces the default of ending the process, and deno serve's own server
// would keep it alive: close the service (the work requests left behind, the pool, the auth
// cache's row and connection, the password workers), then end the process. Without the exit it
// stayed up until `docker stop`'s SIGKILL, and tools/stack/api_pool.ts waited on it for ever.
Deno.addSignalListener("SIGTERM", async () => {
  try {
    await close();
  } finally {
    Deno.exit(0);
  }
});

export default { fetch: app.fetch } satisfies Deno.ServeDefaultExport;
