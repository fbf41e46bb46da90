/**
 * The stack `deno task bench` measures: a PostgreSQL under .data/bench/ (its databases made
 * afresh each run, but for the large one's template), the API as its own process with bcrypt at
 * cost 12 and rate limits out of the way, and Caddy in front. A second API process on a second
 * database serves a million users, ten million audit events, a million sessions and a million
 * rate-limit rows (bench/scale_fill.ts), so both sizes can be measured in turns; a `pgbench`
 * database holds the reference. Everything it starts is handed to `cleanup`.
 */
import { createSql, type Sql, withDatabase, withRole } from "../api/db.ts";
import { spawnApi } from "../api/testing/api_process.ts";
import { DEFAULT_APP_ROLE, migrate } from "../db/migrate.ts";
import { startCaddy } from "../tools/stack/caddy.ts";
import { freePort, serverBinDir, startPostgres } from "../tools/stack/postgres.ts";
import { copyLargeDatabase } from "./scale_db.ts";

export type LocalStack = {
  apiUrl: string;
  siteUrl: string;
  /** The `bench` database the API uses. */
  sql: Sql;
  /** The second API process, its pid and its database, `bench_large` (bench/scale_fill.ts). */
  large: { apiUrl: string; sql: Sql; pid: number };
  /** Two more API processes sharing `bench_revoke`, for the revocation row (bcrypt cost 4). */
  replicas: { a: string; b: string };
  /** PostgreSQL's main process, the parent of every backend (not a child of ours: pg_ctl detaches it). */
  postmasterPid: number;
  pgbench(args: string[]): Promise<string>;
};

/**
 * Kept between runs for the large database's template (bench/scale_db.ts); the other databases
 * are made afresh each run.
 */
const DATA_DIR = new URL("../.data/bench/postgres", import.meta.url).pathname;
const API_WORKERS = navigator.hardwareConcurrency || 1;
/** High enough that no run of the benchmark ever meets a limit. */
const NO_RATE_LIMIT = "1000000/1m";
const DIST = new URL("../dist", import.meta.url).pathname;
// Any valid bcrypt hash: the seeded users never log in.
const SEED_HASH = "$2b$04$C6UzMDM.H6dfI/f/IKcEeO5RkZ1PDFC7bC4SwfKfxcDvTY5vS0X6W";

export async function startLocalStack(
  cleanup: AsyncDisposableStack,
  log: (line: string) => void,
): Promise<LocalStack> {
  const dataDir = DATA_DIR;
  const server = await startPostgres({ dataDir, ephemeral: true });
  cleanup.defer(() => server.stop().catch((error) => log(`stopping PostgreSQL: ${error.message}`)));
  log(`PostgreSQL on port ${server.port}`);

  const admin = createSql(server.url, { max: 1 });
  try {
    for (const name of ["bench", "bench_revoke", "pgbench"]) {
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin`create database ${admin(name)}`;
    }
  } finally {
    await admin.end();
  }
  await copyLargeDatabase(server.url, "bench_large", log);
  // Four gigabytes that the next run copies afresh anyway; the template stays.
  cleanup.defer(async () => {
    const admin = createSql(server.url, { max: 1 });
    await admin`drop database if exists bench_large with (force)`.finally(() => admin.end());
  });

  const pgbenchPath = `${await serverBinDir()}/pgbench`;
  const pgbench = async (args: string[]) => {
    const out = await new Deno.Command(pgbenchPath, {
      args: ["-h", "127.0.0.1", "-p", String(server.port), "-U", "postgres", ...args, "pgbench"],
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    if (!out.success) throw new Error(`pgbench ${args.join(" ")} failed:\n${text.trim()}`);
    return text;
  };
  await pgbench(["-i", "-s", "1", "-q"]);

  const main = await startApi(cleanup, withDatabase(server.url, "bench"));
  const large = await startApi(cleanup, withDatabase(server.url, "bench_large"));
  log(`API on ${main.apiUrl} (bcrypt cost 12, ${API_WORKERS} workers as \`deno task api\` runs)`);
  const revoke = withDatabase(server.url, "bench_revoke");
  // Replicas share SECRET_KEY, which opens the signing keys they share.
  const secret = { SECRET_KEY: `bench-${crypto.randomUUID()}`, BCRYPT_ROUNDS: "4" };
  const replicaA = await startApi(cleanup, revoke, secret);
  const replicaB = await startApi(cleanup, revoke, secret);

  const caddy = await startCaddy({
    port: freePort(),
    upstreams: [new URL(main.apiUrl).host],
    siteRoot: DIST,
  });
  cleanup.use(caddy);
  log(`Caddy on ${caddy.url}`);
  const postmasterPid = Number(
    (await Deno.readTextFile(`${dataDir}/postmaster.pid`)).split("\n")[0],
  );
  return {
    apiUrl: main.apiUrl,
    siteUrl: caddy.url,
    sql: main.sql,
    large,
    replicas: { a: replicaA.apiUrl, b: replicaB.apiUrl },
    postmasterPid,
    pgbench,
  };
}

/** Migrates the database and starts an API process on it. */
async function startApi(
  cleanup: AsyncDisposableStack,
  databaseUrl: string,
  env: Record<string, string> = {},
) {
  const sql = createSql(databaseUrl, { max: 2 });
  cleanup.defer(() => sql.end({ timeout: 1 }));
  await migrate(sql, { log: () => {} });
  const api = await spawnApi({
    // As in production: the API's own role (the throwaway server trusts local connections).
    DATABASE_URL: withRole(databaseUrl, DEFAULT_APP_ROLE),
    BCRYPT_ROUNDS: "12",
    RATE_LIMIT_LOGIN_IP: NO_RATE_LIMIT,
    RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: NO_RATE_LIMIT,
    RATE_LIMIT_LOGIN_ACCOUNT: NO_RATE_LIMIT,
    RATE_LIMIT_LOGIN_DEVICE: NO_RATE_LIMIT,
    RATE_LIMIT_REGISTER_IP: NO_RATE_LIMIT,
    RATE_LIMIT_REFRESH_IP: NO_RATE_LIMIT,
    RATE_LIMIT_INTROSPECT: NO_RATE_LIMIT,
    // Every core, as `deno task api` and `deno task start` run it by default.
    API_WORKERS: String(API_WORKERS),
    ...env,
  });
  cleanup.use(api);
  return { apiUrl: api.url, sql, pid: api.process.pid };
}

/** Adds users until there are `total`, the way a bulk import would: one insert … select. */
export async function growUsers(sql: Sql, total: number): Promise<void> {
  const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from users`;
  if (count < total) {
    await sql`
      insert into users (username, email, password_hash)
      select 'seed_' || n, 'seed_' || n || '@bench.example', ${SEED_HASH}
      from generate_series(${count + 1}::int, ${total}::int) as n`;
  }
  // Fresh statistics, as autovacuum would have them on a live database.
  await sql`vacuum analyze users`;
}

/** The id of the user `fromOldest` places after the oldest one. */
export async function idNearOldest(sql: Sql, fromOldest: number): Promise<number> {
  const [{ id }] = await sql<{ id: number }[]>`
    select id from users order by id asc offset ${fromOldest} limit 1`;
  return id;
}
