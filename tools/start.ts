/**
 * `deno task start [--replicas N] [--port P]`: the database (DATABASE_URL, or a local server under
 * .data/), migrations as its owner, the web app's build when it is out of date, N API processes
 * connected as DATABASE_APP_ROLE (default 1, on ports PORT, PORT + 1, …, PORT defaulting to 8000;
 * one that dies is restarted), and Caddy balancing over them on http://localhost:SITE_PORT (or
 * `--port`; default 8080). Every port is checked first: a taken one is said in one line with the
 * setting that moves it. Ctrl-C (or SIGTERM) stops everything it started, in reverse order.
 * `--with-example` also runs the example service (examples/exercises) on EXAMPLE_PORT (8100),
 * behind Caddy at /exercises/, registered for introspection as the service "exercises".
 */
import { loadAppRole } from "../api/config.ts";
import { createSql, withRole } from "../api/db.ts";
import { startApiPool } from "./stack/api_pool.ts";
import { migrate } from "../db/migrate.ts";
import { startCaddy } from "./stack/caddy.ts";
import { buildClient } from "./client_build.ts";
import { devDatabase } from "./stack/dev_database.ts";
import { startDevMailCatcher } from "./stack/mail_catcher.ts";
import { startExample } from "./stack/example.ts";
import { revokeService } from "../api/services/queries.ts";
import { registerService } from "../api/services/service.ts";
import { type Ports, readPorts, takenPortProblem, wantedPorts } from "./stack/ports.ts";

const replicas = parseReplicas(Deno.args);
const withExample = Deno.args.includes("--with-example");
let ports: Ports;
try {
  ports = readPorts(Deno.args, (name) => Deno.env.get(name));
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  Deno.exit(2);
}
// Before anything starts, so that nothing has to be stopped again.
const taken = takenPortProblem(wantedPorts(ports, { replicas, example: withExample }));
if (taken !== null) {
  console.error(`error: ${taken}`);
  Deno.exit(1);
}
const { site: SITE_PORT, api: API_PORT, example: EXAMPLE_PORT } = ports;

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

let appRole;
try {
  appRole = loadAppRole();
  const sql = createSql(database.url, { max: 1 });
  try {
    await migrate(sql, { log: (line) => console.log(line), appRole });
  } finally {
    await sql.end();
  }
  if (await buildClient({ quiet: true })) console.log("built the web app into dist/");
} catch (error) {
  await fail(error);
}

// Without SMTP_URL, mail goes to a local inbox rather than nowhere.
let inbox;
const mailEnv: Record<string, string> = {};
if (!Deno.env.get("SMTP_URL")?.trim()) {
  try {
    inbox = await startDevMailCatcher();
    stops.push(inbox.stop);
    mailEnv.SMTP_URL = inbox.smtpUrl;
  } catch (error) {
    await fail(error);
  }
}

let exampleEnv: Record<string, string> | undefined;
if (withExample) {
  try {
    exampleEnv = await exampleSettings(database.url);
  } catch (error) {
    await fail(error);
  }
}

let pool;
try {
  pool = await startApiPool({
    ports: Array.from({ length: replicas }, (_, i) => API_PORT + i),
    // The API runs as in production, as the role that cannot change the schema; the local server
    // trusts it, another server needs DATABASE_APP_PASSWORD.
    env: {
      DATABASE_URL: withRole(database.url, appRole!.name, appRole!.password),
      ...mailEnv,
      // The example checks that its own name is among the tokens' audiences.
      ...exampleEnv && { TOKEN_AUDIENCE: Deno.env.get("TOKEN_AUDIENCE") || "users,exercises" },
    },
  });
  stops.push(pool.stop);
} catch (error) {
  await fail(error);
}

let exampleUpstream: string | undefined;
if (exampleEnv) {
  try {
    const example = await startExample({ port: EXAMPLE_PORT, env: exampleEnv });
    stops.push(example.stop);
    exampleUpstream = `127.0.0.1:${EXAMPLE_PORT}`;
  } catch (error) {
    await fail(error);
  }
}

try {
  const caddy = await startCaddy({
    port: SITE_PORT,
    upstreams: pool!.upstreams,
    exampleUpstream,
    siteRoot: new URL("../dist", import.meta.url).pathname,
    log: "null",
  });
  stops.push(caddy.stop);
} catch (error) {
  await fail(error);
}
console.log(`\nThe app is running at http://localhost:${SITE_PORT} (Ctrl-C stops it)`);
if (inbox) console.log(`The mail it sends arrives at ${inbox.webUrl} (the development inbox)`);
if (exampleUpstream) {
  console.log(`The example service answers at http://localhost:${SITE_PORT}/exercises/mine`);
}

await new Promise<void>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, resolve);
});
await stopAll();
if (database.local) console.log("stopped");
Deno.exit(0);

/**
 * The example's settings: fresh introspection credentials each start (the previous registration
 * of "exercises" is revoked), written as the database's owner as `service:create` does.
 */
async function exampleSettings(ownerUrl: string): Promise<Record<string, string>> {
  const sql = createSql(ownerUrl, { max: 1 });
  try {
    await revokeService(sql, "exercises");
    const { service, clientSecret } = await registerService(sql, "exercises");
    return {
      USERS_URL: `http://127.0.0.1:${API_PORT}`,
      TOKEN_ISSUER: Deno.env.get("PUBLIC_URL") || `http://localhost:${SITE_PORT}`,
      TOKEN_AUDIENCE: "exercises",
      INTROSPECT_CLIENT_ID: service.clientId,
      INTROSPECT_CLIENT_SECRET: clientSecret,
    };
  } finally {
    await sql.end();
  }
}

function parseReplicas(args: string[]): number {
  const at = args.findIndex((arg) => arg === "--replicas" || arg.startsWith("--replicas="));
  if (at === -1) return 1;
  const value = args[at].includes("=") ? args[at].split("=")[1] : args[at + 1];
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 16) {
    console.error(
      "usage: deno task start [--replicas N] [--port P] [--with-example]   (N from 1 to 16)",
    );
    Deno.exit(2);
  }
  return count;
}
