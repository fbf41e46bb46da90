/**
 * What the operator commands (api/cli/, db/cli.ts) share: where the database comes from and how an
 * expected error becomes one line without a stack.
 */
import postgres from "postgres";
import { createPasswordHasher, type PasswordHasher } from "../auth/passwords.ts";
import { type Config, ConfigError, loadDatabaseUrl } from "../config.ts";
import { createSql, isDatabaseUnavailable, type Sql } from "../db.ts";
import { ApiError } from "../http/errors.ts";

export type Database = { url: string; release(): Promise<void> };

export type CommandOptions = {
  /** The environment, as config.ts reads it; `Deno.env.toObject()` unless given. */
  env?: Record<string, string | undefined>;
  /**
   * Where the database comes from: DATABASE_URL unless given. `deno task` passes the development
   * database (tools/dev_cli.ts); tests pass their own.
   */
  database?: () => Promise<Database>;
  print?: (line: string) => void;
  printError?: (line: string) => void;
};

/** A failure the command reports as its message alone (a refused prompt, say). */
export class CommandError extends Error {
  override name = "CommandError";
}

/** The database named by DATABASE_URL, which must be set; nothing to release. */
export function databaseFromEnv(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<Database> {
  // A bad or missing DATABASE_URL rejects rather than throws, as a database that cannot start does.
  return Promise.resolve().then(() => {
    const url = loadDatabaseUrl(env);
    if (url === undefined) {
      throw new ConfigError(
        "DATABASE_URL is not set (`deno task` falls back to the local development database)",
      );
    }
    return { url, release: () => Promise.resolve() };
  });
}

/** Runs `fn` with the database's URL and releases the database afterwards, whatever happens. */
export async function withDatabase<T>(
  database: () => Promise<Database>,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const db = await database();
  try {
    return await fn(db.url);
  } finally {
    await db.release();
  }
}

/**
 * Runs `fn` with what a command that writes accounts needs: a one-connection pool and a
 * one-worker hasher (a command hashes a password at a time, whatever PASSWORD_WORKERS says),
 * both closed afterwards.
 */
export async function withAccountStore<T>(
  url: string,
  config: Pick<Config, "bcryptRounds" | "passwordPepper">,
  fn: (sql: Sql, passwords: PasswordHasher) => Promise<T>,
): Promise<T> {
  const sql = createSql(url, { max: 1 });
  try {
    await using passwords = createPasswordHasher({
      rounds: config.bcryptRounds,
      workers: 1,
      pepper: config.passwordPepper,
    });
    return await fn(sql, passwords);
  } finally {
    await sql.end();
  }
}

const UNDEFINED_TABLE = "42P01";

/** The one-line message of an error the commands report without a stack, else undefined. */
export function expectedErrorMessage(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const expected = error instanceof ApiError || error instanceof ConfigError ||
    error instanceof CommandError || error instanceof postgres.PostgresError ||
    (error instanceof Error && isDatabaseUnavailable(error));
  if (!expected) return undefined;
  if (code === UNDEFINED_TABLE) return `${error.message} (run \`deno task db:migrate\` first)`;
  return oneLine(error.message);
}

/** ConfigError lists one bad variable per line; the commands promise a single line. */
export function oneLine(message: string): string {
  const [first, ...more] = message.split("\n").map((line) => line.trim()).filter(Boolean);
  return more.length ? `${first} ${more.join("; ")}` : first ?? "";
}
