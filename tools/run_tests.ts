/**
 * `deno task test`: provides a PostgreSQL server (a throwaway one unless DATABASE_URL is set),
 * migrates a template database that every test module clones, makes sure Caddy and Chromium are
 * installed and the web app is built for the browser tests, then runs `deno test`.
 * Extra arguments go to `deno test` (for example a file path or `--filter`).
 */
import { createSql, withDatabase, withRole } from "../api/db.ts";
import { TEMPLATE_DATABASE, TEST_APP_ROLE } from "../api/testing/database.ts";
import { migrate } from "../db/migrate.ts";
import { buildClient } from "./client_build.ts";
import { type LocalPostgres, startPostgres } from "./stack/postgres.ts";
import { CADDY, CHROMIUM, ensureProgram } from "./stack/system_packages.ts";

// What must never reach a log line: tokens, hashes, cookies, the fixtures' passwords.
const SECRETS: [string, RegExp][] = [
  ["a JWT", /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ["a bcrypt hash", /\$2[aby]\$\d\d\$[./A-Za-z0-9]{20,}/],
  ["a refresh cookie", /refresh_token=/i],
  ["an Authorization header", /Bearer [\w.-]{10,}/],
  ["a password field", /"(current_|new_)?password"\s*:/],
  ["a test fixture password", /password-\d+|correct horse|load test pw/],
];

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
  // The API under test connects as the app role that migrate grants to, so that every API and
  // browser test shows those grants are enough. A fresh password per run works whatever the
  // server's authentication method is.
  const appPassword = crypto.randomUUID();
  await prepareTemplate(adminUrl, appPassword);
  let chromium = "";
  if (runsBrowserTests(Deno.args)) {
    await ensureProgram(CADDY);
    chromium = await ensureProgram(CHROMIUM);
    if (await buildClient({ quiet: true })) console.log("built the web app into dist/");
  }

  const logFile = await Deno.makeTempFile({ prefix: "users-test-log-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-all", "--parallel", ...Deno.args],
    env: {
      TEST_DATABASE_URL: adminUrl,
      TEST_APP_DATABASE_URL: withRole(adminUrl, TEST_APP_ROLE, appPassword),
      APP_ENV: "test",
      CHROMIUM_PATH: chromium,
      TEST_LOG_FILE: logFile,
    },
    stdin: "null",
  }).spawn();
  code = (await child.status).code;
  if (!(await logsAreClean(logFile))) code = code || 1;
  await Deno.remove(logFile).catch(() => {});
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await cleanUp();
}
Deno.exit(code);

/** The API servers of the whole suite log into one file: it must hold no secret. */
async function logsAreClean(file: string): Promise<boolean> {
  const lines = (await Deno.readTextFile(file)).split("\n").filter(Boolean);
  const leaks = lines.flatMap((line) =>
    SECRETS.filter(([, pattern]) => pattern.test(line)).map(([what]) => `${what}: ${line}`)
  );
  if (leaks.length === 0) {
    console.log(`log check: ${lines.length} log lines from the suite, no secret in any`);
    return true;
  }
  console.error(`log check FAILED: ${leaks.length} log lines carry secrets`);
  for (const leak of leaks.slice(0, 10)) console.error(`  ${leak.slice(0, 300)}`);
  return false;
}

/** Whole runs and runs naming e2e/ need Caddy, Chromium and the built app; others do not. */
function runsBrowserTests(args: string[]): boolean {
  const paths = args.filter((arg, i) =>
    !arg.startsWith("-") && !args[i - 1]?.startsWith("--filter")
  );
  return paths.length === 0 || paths.some((path) => path.replace(/^\.\//, "").startsWith("e2e"));
}

async function prepareTemplate(adminUrl: string, appPassword: string) {
  const admin = createSql(adminUrl, { max: 1 });
  try {
    await admin`drop database if exists ${admin(TEMPLATE_DATABASE)} with (force)`;
    await admin`create database ${admin(TEMPLATE_DATABASE)}`;
  } finally {
    await admin.end();
  }
  const sql = createSql(withDatabase(adminUrl, TEMPLATE_DATABASE), { max: 1 });
  try {
    await migrate(sql, { log: () => {}, appRole: { name: TEST_APP_ROLE, password: appPassword } });
  } finally {
    await sql.end();
  }
}
