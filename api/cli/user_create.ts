/**
 * `deno task user:create --username NAME --email EMAIL [--admin]`: adds an active user to the
 * development database (DATABASE_URL, or the local server under .data; run as
 * `deno run -A api/cli/user_create.ts …`, DATABASE_URL only). The password comes from PASSWORD, or
 * is asked for twice on the terminal without echo. Input is checked by the API's own schema, so the
 * errors are the API's.
 */
import { loadConfig } from "../config.ts";
import { ApiError, type FieldError, INVALID_PAYLOAD } from "../http/errors.ts";
import { fieldErrors } from "../http/validate.ts";
import { createUserBody } from "../users/schemas.ts";
import { createAccount } from "../users/service.ts";
import {
  type CommandOptions,
  databaseFromEnv,
  expectedErrorMessage,
  withAccountStore,
  withDatabase,
} from "./command.ts";
import { askNewPassword, PromptAborted } from "./password_prompt.ts";

export const USAGE = "usage: deno task user:create --username NAME --email EMAIL [--admin]";

export type UserCreateOptions = CommandOptions & {
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
    return await withDatabase(options.database ?? (() => databaseFromEnv(env)), async (url) => {
      const config = loadConfig({ ...env, DATABASE_URL: url });
      const body = createUserBody.safeParse({
        ...fields,
        password: envPassword ?? await readPassword(),
      });
      if (!body.success) return invalid(body.error.issues, printError);

      return await withAccountStore(url, config, async (sql, passwords) => {
        const user = await createAccount(sql, passwords, body.data, {
          ip: null,
          action: "operator.user_created",
          duplicateMessage: (field) => `Sorry. That ${field} already exists.`,
        });
        const role = user.admin ? " (admin)" : "";
        print(`created user ${user.id} ${user.username} ${user.email}${role}`);
        return 0;
      });
    });
  } catch (error) {
    if (error instanceof PromptAborted) {
      printError("aborted");
      return 130;
    }
    // The rules only the server checks (a common password, one containing the username).
    if (error instanceof ApiError && error.extra.errors) {
      return invalid(error.extra.errors, printError);
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
  issues: Parameters<typeof fieldErrors>[0] | FieldError[],
  printError: (line: string) => void,
): number {
  printError(`error: ${INVALID_PAYLOAD}`);
  const errors = issues.every((issue) => "field" in issue)
    ? issues as FieldError[]
    : fieldErrors(issues as Parameters<typeof fieldErrors>[0]);
  for (const { field, message } of errors) printError(`  ${field}: ${message}`);
  return 1;
}

if (import.meta.main) {
  Deno.exit(await runUserCreate(Deno.args));
}
