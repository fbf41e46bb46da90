/**
 * `deno task db:migrate | db:rollback | db:status | db:new NAME` on the development database
 * (DATABASE_URL, or the local server under .data: tools/dev_cli.ts passes it in). Run as
 * `deno run -A db/cli.ts COMMAND`, it uses DATABASE_URL only.
 */
import postgres from "postgres";
import { type Database, databaseFromEnv, oneLine, withDatabase } from "../api/cli/command.ts";
import { ConfigError, loadAppRole } from "../api/config.ts";
import { createSql, isDatabaseUnavailable, type Sql } from "../api/db.ts";
import {
  createMigration,
  migrate,
  MigrationError,
  type MigrationStatus,
  rollback,
  status,
} from "./migrate.ts";

export const USAGE = "usage: deno task db:migrate | db:rollback | db:status | db:new NAME";

export type CliOptions = {
  dir?: URL;
  /**
   * Where the database comes from: DATABASE_URL unless given. `deno task` passes the development
   * database (tools/dev_cli.ts); tests pass their own.
   */
  database?: () => Promise<Database>;
  /** DATABASE_APP_ROLE and DATABASE_APP_PASSWORD come from here; `Deno.env` unless given. */
  env?: Record<string, string | undefined>;
  print?: (line: string) => void;
  printError?: (line: string) => void;
};

/** Runs one command and returns the process exit code: 0 done, 1 failed, 2 bad usage. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<number> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const { dir } = options;
  const [command, ...rest] = args;
  const commands: Record<string, (sql: Sql) => Promise<void>> = {
    async migrate(sql) {
      const applied = await migrate(sql, { dir, log: print, appRole: loadAppRole(options.env) });
      if (applied.length === 0) print("nothing to migrate");
    },
    async rollback(sql) {
      const reverted = await rollback(sql, { dir, log: print });
      if (!reverted) print("nothing to roll back");
    },
    async status(sql) {
      formatStatus(await status(sql, { dir })).forEach((line) => print(line));
    },
  };
  const wantsName = command === "new";
  if (wantsName ? rest.length !== 1 : !Object.hasOwn(commands, command ?? "") || rest.length) {
    printError(USAGE);
    return 2;
  }
  try {
    if (wantsName) print(`created ${await createMigration(rest[0], { dir })}`);
    else await withSql(options.database ?? (() => databaseFromEnv()), commands[command]);
    return 0;
  } catch (error) {
    if (!isExpected(error)) throw error;
    printError(`error: ${oneLine(error.message)}`);
    return 1;
  }
}

function withSql(database: () => Promise<Database>, fn: (sql: Sql) => Promise<void>) {
  return withDatabase(database, async (url) => {
    const sql = createSql(url, { max: 1 });
    try {
      await fn(sql);
    } finally {
      await sql.end();
    }
  });
}

/** The status as an aligned table: version, name, state, applied at. */
export function formatStatus(rows: MigrationStatus[]): string[] {
  if (rows.length === 0) return ["no migrations"];
  const table = [
    ["version", "name", "state", "applied at"],
    ...rows.map((row) => [row.version, row.name, row.state, appliedAt(row.appliedAt)]),
  ];
  const widths = table[0].map((_, column) =>
    Math.max(...table.map((cells) => cells[column].length))
  );
  return table.map((cells) =>
    cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()
  );
}

function appliedAt(date: Date | null): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "-";
}

function isExpected(error: unknown): error is Error {
  if (
    error instanceof MigrationError || error instanceof ConfigError ||
    error instanceof postgres.PostgresError
  ) {
    return true;
  }
  return error instanceof Error && isDatabaseUnavailable(error);
}

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
