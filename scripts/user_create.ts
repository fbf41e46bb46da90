/**
 * `deno task user:create --username NAME --email EMAIL [--admin]`: adds an active user to the
 * development database (DATABASE_URL, or the local server under .data). The password comes from
 * PASSWORD, or is asked for twice on the terminal without echo. Input is checked by the API's own
 * schema, so the errors are the API's.
 */
import postgres from "postgres";
import { createPasswordHasher } from "../api/auth/passwords.ts";
import { ConfigError, loadConfig } from "../api/config.ts";
import { createSql, isDatabaseUnavailable } from "../api/db.ts";
import { ApiError, INVALID_PAYLOAD } from "../api/http/errors.ts";
import { fieldErrors } from "../api/http/validate.ts";
import { createUserBody } from "../api/users/schemas.ts";
import { createAccount } from "../api/users/service.ts";
import { devDatabase } from "../tools/stack/dev_database.ts";
import { askNewPassword, PromptAborted, PromptError } from "./prompt.ts";

export const USAGE = "usage: deno task user:create --username NAME --email EMAIL [--admin]";

export type Database = { url: string; release(): Promise<void> };

export type ScriptOptions = {
  /** The environment, as config.ts reads it; `Deno.env.toObject()` unless given. */
  env?: Record<string, string | undefined>;
  /** Where the database comes from; tests pass their own instead of the development one. */
  database?: () => Promise<Database>;
  print?: (line: string) => void;
  printError?: (line: string) => void;
};

export type UserCreateOptions = ScriptOptions & {
  /** Asked only when PASSWORD is unset or blank. */
  readPassword?: () => Promise<string>;
};

type Args = { username: string; email: string; admin: boolean };

/** Runs the command and returns the exit code: 0 created, 1 refused or failed, 2 bad usage. */
export async function runUserCreate(
  args: string[],
  options: UserCreateOptions = {},
): Promise<number> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const env = options.env ?? Deno.env.toObject();
  const readPassword = options.readPassword ?? (() => askNewPassword());

  const parsed = parseArgs(args);
  if (parsed === "help") {
    print(USAGE);
    return 0;
  }
  if (typeof parsed === "string") {
    printError(`error: ${parsed}`);
    printError(USAGE);
    return 2;
  }
  const fields = { ...parsed, active: true };
  // Blank counts as unset, as in config.ts.
  const envPassword = env.PASSWORD?.trim() ? env.PASSWORD : undefined;
  // Bad input is reported before a database is started or a password asked for.
  const early = envPassword === undefined
    ? createUserBody.omit({ password: true }).safeParse(fields)
    : createUserBody.safeParse({ ...fields, password: envPassword });
  if (!early.success) return invalid(early.error.issues, printError);

  try {
    return await withDatabase(options.database ?? devDatabase, async (url) => {
      const config = loadConfig({ ...env, DATABASE_URL: url });
      const body = createUserBody.safeParse({
        ...fields,
        password: envPassword ?? await readPassword(),
      });
      if (!body.success) return invalid(body.error.issues, printError);

      const sql = createSql(url, { max: 1 });
      // One hash: one worker is enough, whatever PASSWORD_WORKERS says.
      await using passwords = createPasswordHasher({ rounds: config.bcryptRounds, workers: 1 });
      try {
        const user = await createAccount(sql, passwords, body.data, {
          ip: null,
          action: "operator.user_created",
          duplicateMessage: (field) => `Sorry. That ${field} already exists.`,
        });
        const role = user.admin ? " (admin)" : "";
        print(`created user ${user.id} ${user.username} ${user.email}${role}`);
        return 0;
      } finally {
        await sql.end();
      }
    });
  } catch (error) {
    if (error instanceof PromptAborted) {
      printError("aborted");
      return 130;
    }
    const message = expectedErrorMessage(error);
    if (message === undefined) throw error;
    printError(`error: ${message}`);
    return 1;
  }
}

/** `--name value` or `--name=value`; a string is what was wrong. */
function parseArgs(args: string[]): Args | "help" | string {
  const values: Partial<Record<"username" | "email", string>> = {};
  let admin = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") return "help";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (flag === "--admin" && inline === undefined) {
      admin = true;
    } else if (flag === "--username" || flag === "--email") {
      const name = flag.slice(2) as "username" | "email";
      if (values[name] !== undefined) return `${flag} given twice`;
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith("--"))) {
        return `${flag} needs a value`;
      }
      values[name] = value;
    } else {
      return arg.startsWith("-") ? `unknown option ${flag}` : `unexpected argument ${arg}`;
    }
  }
  if (values.username === undefined) return "--username is required";
  if (values.email === undefined) return "--email is required";
  return { username: values.username, email: values.email, admin };
}

function invalid(
  issues: Parameters<typeof fieldErrors>[0],
  printError: (line: string) => void,
): number {
  printError(`error: ${INVALID_PAYLOAD}`);
  for (const { field, message } of fieldErrors(issues)) printError(`  ${field}: ${message}`);
  return 1;
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

const UNDEFINED_TABLE = "42P01";

/** The one-line message of an error the scripts report without a stack, else undefined. */
export function expectedErrorMessage(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const expected = error instanceof ApiError || error instanceof ConfigError ||
    error instanceof PromptError || error instanceof postgres.PostgresError ||
    (error instanceof Error && isDatabaseUnavailable(error));
  if (!expected) return undefined;
  if (code === UNDEFINED_TABLE) return `${error.message} (run \`deno task db:migrate\` first)`;
  // ConfigError lists one bad variable per line; the scripts promise a single line.
  const lines = error.message.split("\n").map((line) => line.trim()).filter(Boolean);
  const [first, ...more] = lines;
  return more.length ? `${first} ${more.join("; ")}` : first ?? "";
}

if (import.meta.main) {
  Deno.exit(await runUserCreate(Deno.args));
}
