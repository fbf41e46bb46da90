/**
 * Entry for `deno serve --parallel api/deno_serve_entry.ts`: each of Deno's serving workers (one
 * per core, or DENO_JOBS) imports this module and builds its own service (pool and password
 * workers).
 * Migrations are not run here: run `deno task db:migrate` (or `deno task api --migrate`) first.
 */
import { loadConfig } from "./config.ts";
import { buildService } from "./http_server.ts";

const { app, close } = await buildService(loadConfig());
// deno serve drains in-flight requests on SIGTERM, but an open pool and password workers would
// keep the process alive past `docker stop`'s grace period.
Deno.addSignalListener("SIGTERM", () => void close());

export default { fetch: app.fetch } satisfies Deno.ServeDefaultExport;
