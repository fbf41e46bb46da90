/**
 * `deno task service:create NAME`, `service:list` and `service:revoke CLIENT_ID|NAME`: the
 * services that may introspect tokens (POST /auth/introspect). They write as the schema's owner
 * (the development database, or DATABASE_URL set to the owner's URL as for `db:migrate`): the
 * API's own role may only read registrations.
 */
import { createSql } from "../db.ts";
import { listServices, revokeService } from "../services/queries.ts";
import { serviceName } from "../services/schemas.ts";
import { DuplicateServiceError, registerService } from "../services/service.ts";
import {
  CommandError,
  type CommandOptions,
  databaseFromEnv,
  expectedErrorMessage,
  withDatabase,
} from "./command.ts";

export type ServiceCommand = "service:create" | "service:list" | "service:revoke";

export const USAGE: Record<ServiceCommand, string> = {
  "service:create": "usage: deno task service:create NAME",
  "service:list": "usage: deno task service:list",
  "service:revoke": "usage: deno task service:revoke CLIENT_ID|NAME",
};

/** Returns the exit code: 0 done, 1 refused or failed, 2 bad usage. */
export async function runServices(
  command: ServiceCommand,
  args: string[],
  options: CommandOptions = {},
): Promise<number> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const env = options.env ?? Deno.env.toObject();
  const expected = command === "service:list" ? 0 : 1;
  if (args.length !== expected || args.some((arg) => arg.startsWith("-"))) {
    printError(USAGE[command]);
    return 2;
  }
  if (command === "service:create") {
    const name = serviceName.safeParse(args[0]);
    if (!name.success) {
      printError(`error: NAME ${name.error.issues[0].message}`);
      return 2;
    }
  }
  try {
    return await withDatabase(options.database ?? (() => databaseFromEnv(env)), async (url) => {
      const sql = createSql(url, { max: 1 });
      try {
        if (command === "service:create") {
          const { service, clientSecret } = await registerService(sql, args[0]);
          print(`created service ${service.name}`);
          print(`client_id: ${service.clientId}`);
          print(`client_secret: ${clientSecret}`);
          print("The secret is shown only now; it is stored hashed.");
        } else if (command === "service:revoke") {
          const revoked = await revokeService(sql, args[0]);
          if (!revoked) {
            throw new CommandError(`no live service has the client id or name ${args[0]}`);
          }
          print(`revoked service ${revoked.name} (${revoked.clientId})`);
        } else {
          const services = await listServices(sql);
          for (const s of services) {
            const state = s.revokedAt ? `revoked ${s.revokedAt.toISOString()}` : "live";
            print(`${s.clientId} ${s.name} created ${s.createdAt.toISOString()} ${state}`);
          }
          if (services.length === 0) print("no services registered");
        }
        return 0;
      } finally {
        await sql.end();
      }
    });
  } catch (error) {
    if (error instanceof DuplicateServiceError) {
      printError(`error: ${error.message}`);
      return 1;
    }
    const message = expectedErrorMessage(error);
    if (message === undefined) throw error;
    printError(`error: ${message}`);
    return 1;
  }
}
