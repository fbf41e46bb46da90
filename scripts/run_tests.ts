/**
 * `deno task test`: provides a PostgreSQL server (a throwaway one unless DATABASE_URL is set),
 * migrates a template database that every test module clones, makes sure Caddy and Chromium are
 * installed and the web app is built for the browser tests, then runs `deno test`.
 * Extra arguments go to `deno test` (for example a file path or `--filter`).
 */
import { createSql, withDatabase } from "../api/db.ts";
import { TEMPLATE_DATABASE } from "../api/testing/database.ts";
import { migrate } from "../db/migrate.ts";
import { buildClient } from "./client_build.ts";
import { type LocalPostgres, startPostgres } from "./postgres.ts";
import { CADDY, CHROMIUM, ensureProgram } from "./system_packages.ts";

let server: LocalPostgres | undefined;
let tempDir: string | undefined;

async function cleanUp() {
  await server?.stop().catch((error) => console.error(`stopping PostgreSQL: ${error.message}`));
  server = undefined;
  if (tempDir) await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  tempDir = undefined;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await cleanUp();
    Deno.exit(130);
  });
}

let code = 1;
try {
  let adminUrl = Deno.env.get("DATABASE_URL");
  if (!adminUrl) {
    tempDir = await Deno.makeTempDir({ prefix: "users-test-pg-" });
    server = await startPostgres({ dataDir: tempDir, ephemeral: true });
    adminUrl = server.url;
  }
  await prepareTemplate(adminUrl);
  let chromium = "";
  if (runsBrowserTests(Deno.args)) {
    await ensureProgram(CADDY);
    chromium = await ensureProgram(CHROMIUM);
    if (await buildClient({ quiet: true })) console.log("built the web app into dist/");
  }

  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-all", "--parallel", ...Deno.args],
    env: { TEST_DATABASE_URL: adminUrl, APP_ENV: "test", CHROMIUM_PATH: chromium },
    stdin: "null",
  }).spawn();
  code = (await child.status).code;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await cleanUp();
}
Deno.exit(code);

/** Whole runs and runs naming e2e/ need Caddy, Chromium and the built app; others do not. */
function runsBrowserTests(args: string[]): boolean {
  const paths = args.filter((arg, i) =>
    !arg.startsWith("-") && !args[i - 1]?.startsWith("--filter")
  );
  return paths.length === 0 || paths.some((path) => path.replace(/^\.\//, "").startsWith("e2e"));
}

async function prepareTemplate(adminUrl: string) {
  const admin = createSql(adminUrl, { max: 1 });
  try {
    await admin`drop database if exists ${admin(TEMPLATE_DATABASE)} with (force)`;
    await admin`create database ${admin(TEMPLATE_DATABASE)}`;
  } finally {
    await admin.end();
  }
  const sql = createSql(withDatabase(adminUrl, TEMPLATE_DATABASE), { max: 1 });
  try {
    await migrate(sql, { log: () => {} });
  } finally {
    await sql.end();
  }
}
