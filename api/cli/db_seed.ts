/**
 * `deno task db:seed`: demo users in the development database (DATABASE_URL, or the local server
 * under .data; run as `deno run -A api/cli/db_seed.ts`, DATABASE_URL only), for trying the app by
 * hand. Their passwords are fixed and printed on purpose: they are demo data. Users whose email is
 * already there are left alone, so it can run again. Refuses to run when APP_ENV is production.
 */
import type { PasswordHasher } from "../auth/passwords.ts";
import { loadConfig } from "../config.ts";
import type { Sql } from "../db.ts";
import { ApiError } from "../http/errors.ts";
import { type CreateUserBody, createUserBody } from "../users/schemas.ts";
import { createAccount } from "../users/service.ts";
import {
  type CommandOptions,
  databaseFromEnv,
  expectedErrorMessage,
  withAccountStore,
  withDatabase,
} from "./command.ts";

export const USAGE = "usage: deno task db:seed";
export const PRODUCTION_REFUSAL = "error: db:seed adds demo users with known passwords; " +
  "it refuses to run when APP_ENV=production";

type DemoUser = Required<CreateUserBody>;

/** One admin, three users and one deactivated user; each password meets the API's rules. */
export const DEMO_USERS: readonly DemoUser[] = [
  demo("ada", { admin: true }),
  demo("alice"),
  demo("bob"),
  demo("carol"),
  demo("dave", { active: false }),
];

/** `<username>@example.com` with the password `demo-pass-<first letter of the username>1`. */
function demo(username: string, flags: { admin?: boolean; active?: boolean } = {}): DemoUser {
  return {
    username,
    email: `${username}@example.com`,
    // Not the username itself: a password may not contain it.
    password: `demo-pass-${username[0]}1`,
    admin: flags.admin ?? false,
    active: flags.active ?? true,
  };
}

type Outcome = "created" | "skipped: email exists" | "skipped: username taken";

/** Runs the seed and returns the exit code: 0 done, 1 refused or failed, 2 bad usage. */
export async function runDbSeed(args: string[], options: CommandOptions = {}): Promise<number> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const env = options.env ?? Deno.env.toObject();
  if (args.length > 0) {
    printError(USAGE);
    return 2;
  }
  try {
    return await withDatabase(options.database ?? (() => databaseFromEnv(env)), async (url) => {
      const config = loadConfig({ ...env, DATABASE_URL: url });
      if (config.appEnv === "production") {
        printError(PRODUCTION_REFUSAL);
        return 1;
      }
      return await withAccountStore(url, config, async (sql, passwords) => {
        const outcomes: Outcome[] = [];
        for (const demo of DEMO_USERS) outcomes.push(await seedUser(sql, passwords, demo));
        formatTable(DEMO_USERS, outcomes).forEach((line) => print(line));
        const created = outcomes.filter((outcome) => outcome === "created").length;
        print(`${created} created, ${outcomes.length - created} skipped`);
        return 0;
      });
    });
  } catch (error) {
    const message = expectedErrorMessage(error);
    if (message === undefined) throw error;
    printError(`error: ${message}`);
    return 1;
  }
}

async function seedUser(sql: Sql, passwords: PasswordHasher, demo: DemoUser): Promise<Outcome> {
  // Checked first so that a second run does not pay for bcrypt hashes it would throw away.
  if (await emailExists(sql, demo.email)) return "skipped: email exists";
  try {
    await createAccount(sql, passwords, createUserBody.parse(demo), {
      ip: null,
      action: "operator.user_created",
    });
    return "created";
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) throw error;
    return await emailExists(sql, demo.email) ? "skipped: email exists" : "skipped: username taken";
  }
}

async function emailExists(sql: Sql, email: string): Promise<boolean> {
  const [found] = await sql`select 1 from users where email = ${email}`;
  return found !== undefined;
}

/** Username, email, password, role and state of each demo user, as aligned columns. */
export function formatTable(users: readonly DemoUser[], outcomes: Outcome[]): string[] {
  const table = [
    ["username", "email", "password", "role", "active", "result"],
    ...users.map((user, i) => [
      user.username,
      user.email,
      user.password,
      user.admin ? "admin" : "user",
      user.active ? "yes" : "no",
      outcomes[i],
    ]),
  ];
  const widths = table[0].map((_, column) =>
    Math.max(...table.map((cells) => cells[column].length))
  );
  return table.map((cells) =>
    cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()
  );
}

if (import.meta.main) {
  Deno.exit(await runDbSeed(Deno.args));
}
