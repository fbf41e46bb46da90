/**
 * The migration runner: applies `db/migrations/*.sql` in version order and records each one, with
 * its file's checksum, in the `schema_migrations` ledger.
 */
import type { Sql } from "../api/db.ts";
import { type AppRole, DEFAULT_APP_ROLE, grantAppRole } from "./app_role.ts";
import {
  displayDir,
  isEmptySql,
  type Migration,
  MigrationError,
  MIGRATIONS_DIR,
  readMigrations,
} from "./migration_files.ts";

export { type AppRole, DEFAULT_APP_ROLE } from "./app_role.ts";
export {
  createMigration,
  type Migration,
  MigrationError,
  MIGRATIONS_DIR,
  parseMigration,
  readMigrations,
} from "./migration_files.ts";

export type MigrationStatus = {
  version: string;
  name: string;
  /** "changed": applied, then its file was edited; "missing": applied, but its file is gone. */
  state: "applied" | "pending" | "changed" | "missing";
  appliedAt: Date | null;
};

type Options = { dir?: URL };
type RunOptions = Options & { log?: (line: string) => void };
type MigrateOptions = RunOptions & {
  /** The role the API connects as; `users_app` without a password change unless given. */
  appRole?: AppRole;
};
type LedgerRow = { version: string; name: string; checksum: string; appliedAt: Date };

// Any fixed number works, as long as every runner of this service uses the same one.
const LOCK_KEY = 4_127_730_551;

/**
 * Applies every pending migration, each in its own transaction, then grants the API's role its
 * privileges on the schema as it now is; returns the migrations applied now.
 */
export async function migrate(sql: Sql, options: MigrateOptions = {}): Promise<Migration[]> {
  const log = options.log ?? console.log;
  const migrations = await readMigrations(options.dir);
  return await whileLocked(sql, log, async (conn) => {
    if (!(await ledgerExists(conn))) {
      await conn`
      create table schema_migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    }
    const ledger = await readLedger(conn);
    verify(migrations, ledger, options.dir);
    const done = new Set(ledger.map((row) => row.version));
    const applied: Migration[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await run(conn, migration, "up");
      log(`applied ${migration.version}_${migration.name}`);
      applied.push(migration);
    }
    await grantAppRole(conn, options.appRole ?? { name: DEFAULT_APP_ROLE });
    return applied;
  });
}

/** Reverts the applied migration with the highest version; undefined when none is applied. */
export async function rollback(sql: Sql, options: RunOptions = {}): Promise<Migration | undefined> {
  const log = options.log ?? console.log;
  const migrations = await readMigrations(options.dir);
  return await whileLocked(sql, log, async (conn) => {
    const ledger = await readLedger(conn);
    verify(migrations, ledger, options.dir);
    const last = ledger.at(-1);
    if (!last) return undefined;
    const migration = migrations.find((m) => m.version === last.version)!;
    // Dropping the ledger row of a migration that undoes nothing would make the next run fail.
    if (isEmptySql(migration.down)) {
      throw new MigrationError(
        `${migration.file} has an empty down section: it cannot be rolled back`,
      );
    }
    await run(conn, migration, "down");
    log(`rolled back ${migration.version}_${migration.name}`);
    return migration;
  });
}

/** Every migration known to the files or the ledger, by version; never throws on drift. */
export async function status(sql: Sql, options: Options = {}): Promise<MigrationStatus[]> {
  const migrations = await readMigrations(options.dir);
  const ledger = new Map((await readLedger(sql)).map((row) => [row.version, row]));
  const rows: MigrationStatus[] = migrations.map(({ version, name, checksum }) => {
    const row = ledger.get(version);
    ledger.delete(version);
    const state = !row ? "pending" : row.checksum === checksum ? "applied" : "changed";
    return { version, name, state, appliedAt: row?.appliedAt ?? null };
  });
  for (const { version, name, appliedAt } of ledger.values()) {
    rows.push({ version, name, state: "missing", appliedAt });
  }
  return rows.sort((a, b) => a.version.localeCompare(b.version));
}

/** Migrations not yet in the ledger; reads only, so a readiness check may call it. */
export async function pendingMigrations(sql: Sql, options: Options = {}): Promise<Migration[]> {
  const migrations = await readMigrations(options.dir);
  const done = new Set((await readLedger(sql)).map((row) => row.version));
  return migrations.filter((migration) => !done.has(migration.version));
}

/**
 * Runs `fn` holding the session advisory lock, so replicas starting together apply each migration
 * once: the others wait, then find nothing pending. Everything runs on one reserved connection,
 * because the lock belongs to that session, and because the pool may have no second connection
 * (the test task migrates with `max: 1`).
 */
async function whileLocked<T>(
  sql: Sql,
  log: (line: string) => void,
  fn: (conn: Sql) => Promise<T>,
): Promise<T> {
  const conn = await sql.reserve();
  try {
    const [{ locked }] = await conn`select pg_try_advisory_lock(${LOCK_KEY}) as locked`;
    if (!locked) {
      log("waiting for another migration run to finish");
      await conn`select pg_advisory_lock(${LOCK_KEY})`;
    }
    try {
      return await fn(conn);
    } finally {
      // If this fails the connection is broken, and the server drops the session's lock with it.
      await conn`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    }
  } finally {
    conn.release();
  }
}

/**
 * One section and its ledger change in one transaction. A reserved connection has no `begin()`
 * in postgres.js, so the transaction is spelled out.
 */
async function run(conn: Sql, migration: Migration, section: "up" | "down"): Promise<void> {
  await conn`begin`;
  try {
    // Trusted SQL from the repository; without parameters it may hold several statements.
    await conn.unsafe(migration[section]);
    if (section === "up") {
      await conn`insert into schema_migrations ${conn(migration, "version", "name", "checksum")}`;
    } else {
      await conn`delete from schema_migrations where version = ${migration.version}`;
    }
    await conn`commit`;
  } catch (error) {
    await conn`rollback`.catch(() => {});
    const what = section === "up" ? "failed" : "failed to roll back";
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`${migration.file} ${what}: ${reason}`, { cause: error });
  }
}

function verify(migrations: Migration[], ledger: LedgerRow[], dir = MIGRATIONS_DIR): void {
  const files = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of ledger) {
    const migration = files.get(row.version);
    if (!migration) {
      throw new MigrationError(
        `migration ${row.version} (${row.name}) was applied but its file is missing from ` +
          `${displayDir(dir)}; restore the file before migrating or rolling back`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `${migration.file} was changed after it was applied (checksum mismatch); ` +
          "add a new migration instead of editing an applied one",
      );
    }
  }
}

/** The ledger by version, or empty when the table does not exist yet. */
async function readLedger(sql: Sql): Promise<LedgerRow[]> {
  if (!(await ledgerExists(sql))) return [];
  return await sql<LedgerRow[]>`
    select version, name, checksum, applied_at as "appliedAt"
    from schema_migrations
    order by version`;
}

async function ledgerExists(sql: Sql): Promise<boolean> {
  const [{ exists }] = await sql`select to_regclass('schema_migrations') is not null as exists`;
  return exists;
}
