/**
 * `deno task start`: the database (DATABASE_URL, or a local server under .data/), migrations,
 * the web app's build when it is out of date, the API, and Caddy in front of both on
 * http://localhost:8080. Ctrl-C (or SIGTERM) stops everything it started, in reverse order.
 */
import { createSql } from "../api/db.ts";
import { migrate } from "../db/migrate.ts";
import { startCaddy } from "./caddy.ts";
import { buildClient } from "./client_build.ts";
import { devDatabase } from "./dev_database.ts";

const SITE_PORT = 8080;
const API_PORT = 8000;

const database = await devDatabase();
if (database.local) console.log("PostgreSQL started (data in .data/postgres)");
const stops: (() => Promise<unknown>)[] = [database.release];

async function stopAll() {
  for (const stop of stops.reverse()) {
    await stop().catch((error) => console.error(`stopping: ${error.message ?? error}`));
  }
}

async function fail(error: unknown): Promise<never> {
  console.error(`error: ${error instanceof Error ? error.message : error}`);
  await stopAll();
  Deno.exit(1);
}

try {
  const sql = createSql(database.url, { max: 1 });
  try {
    await migrate(sql, { log: (line) => console.log(line) });
  } finally {
    await sql.end();
  }
  if (await buildClient({ quiet: true })) console.log("built the web app into dist/");
} catch (error) {
  await fail(error);
}

const api = new Deno.Command(Deno.execPath(), {
  args: ["run", "--allow-all", new URL("../api/main.ts", import.meta.url).pathname],
  env: { DATABASE_URL: database.url, PORT: String(API_PORT) },
  stdin: "null",
}).spawn();
stops.push(async () => {
  try {
    api.kill("SIGTERM");
  } catch {
    // already gone
  }
  await api.status;
});

try {
  const caddy = await startCaddy({
    port: SITE_PORT,
    upstreams: [`127.0.0.1:${API_PORT}`],
    siteRoot: new URL("../dist", import.meta.url).pathname,
    log: "null",
  });
  stops.push(caddy.stop);
} catch (error) {
  await fail(error);
}
console.log(`\nThe app is running at http://localhost:${SITE_PORT} (Ctrl-C stops it)`);

const stopped = new Promise<void>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, resolve);
});
const apiExit = api.status.then((status) => status.code);
const apiCode = await Promise.race([stopped.then(() => undefined), apiExit]);
if (apiCode !== undefined) console.error(`the API exited (code ${apiCode}); stopping`);
await stopAll();
if (database.local) console.log("stopped");
Deno.exit(apiCode ?? 0);
