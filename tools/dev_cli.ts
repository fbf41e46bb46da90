/**
 * The operator commands as `deno task` runs them (`db:*`, `user:create`, `db:seed`, `keys:*`, `service:*`): on the
 * development database, which is DATABASE_URL when set, otherwise the local server under
 * .data/postgres, started on demand. db/cli.ts and api/cli/ take the database as a parameter, so
 * that they do not depend on tools/.
 *   deno run -A tools/dev_cli.ts db|user:create|db:seed ARGS…
 */
import type { Database } from "../api/cli/command.ts";
import { devDatabase } from "./stack/dev_database.ts";

type Command = (args: string[], options: { database: () => Promise<Database> }) => Promise<number>;

// Loaded on demand: `db:migrate` has no use for the password prompt or bcrypt.
const COMMANDS: Record<string, () => Promise<Command>> = {
  db: async () => (await import("../db/cli.ts")).runCli,
  "user:create": async () => (await import("../api/cli/user_create.ts")).runUserCreate,
  "db:seed": async () => (await import("../api/cli/db_seed.ts")).runDbSeed,
  "keys:rotate": async () => {
    const { runKeys } = await import("../api/cli/keys.ts");
    return (args, options) => runKeys("keys:rotate", args, options);
  },
  "keys:list": async () => {
    const { runKeys } = await import("../api/cli/keys.ts");
    return (args, options) => runKeys("keys:list", args, options);
  },
  ...Object.fromEntries(
    (["service:create", "service:list", "service:revoke"] as const).map((name) => [
      name,
      async (): Promise<Command> => {
        const { runServices } = await import("../api/cli/services.ts");
        return (args, options) => runServices(name, args, options);
      },
    ]),
  ),
};

const [name = "", ...args] = Deno.args;
if (!Object.hasOwn(COMMANDS, name)) {
  console.error(`usage: deno run -A tools/dev_cli.ts ${Object.keys(COMMANDS).join("|")} ARGS…`);
  Deno.exit(2);
}
const run = await COMMANDS[name]();
Deno.exit(await run(args, { database: devDatabase }));
