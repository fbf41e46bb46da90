/**
 * `deno task keys:rotate [--now]` and `deno task keys:list`, on the development database
 * (DATABASE_URL, or the local server under .data). In production run them with the API's
 * DATABASE_URL and SECRET_KEY (the new key is sealed under it).
 *
 * keys:rotate publishes a new key at once (every replica's JWKS shows it within 10 s) that signs
 * after SIGNING_KEY_PUBLISH_DELAY; `--now` makes it sign at once (a compromised key). keys:list
 * prints one line per key: kid, alg, state, creation time. Never private material.
 */
import { loadConfig } from "../config.ts";
import { createSql } from "../db.ts";
import { KEY_REFRESH_MS } from "../keys/keyring.ts";
import { listKeys } from "../keys/queries.ts";
import { rotateKey } from "../keys/service.ts";
import { keyStates } from "../keys/states.ts";
import {
  type CommandOptions,
  databaseFromEnv,
  expectedErrorMessage,
  withDatabase,
} from "./command.ts";

export const ROTATE_USAGE = "usage: deno task keys:rotate [--now]";
export const LIST_USAGE = "usage: deno task keys:list";
// As the keyring keeps a superseded key: the tokens' lifetime and a margin.
const RETAIN_MARGIN_SECONDS = 60;

/** Returns the exit code: 0 done, 1 failed, 2 bad usage. */
export async function runKeys(
  command: "keys:rotate" | "keys:list",
  args: string[],
  options: CommandOptions = {},
): Promise<number> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const env = options.env ?? Deno.env.toObject();
  const rotate = command === "keys:rotate";
  const allowed = rotate ? ["--now"] : [];
  if (args.some((arg) => !allowed.includes(arg))) {
    printError(rotate ? ROTATE_USAGE : LIST_USAGE);
    return 2;
  }
  try {
    return await withDatabase(options.database ?? (() => databaseFromEnv(env)), async (url) => {
      const config = loadConfig({ ...env, DATABASE_URL: url });
      const sql = createSql(url, { max: 1 });
      try {
        if (rotate) {
          const now = args.includes("--now");
          const key = await rotateKey(
            sql,
            { ...config.signing, secretKey: config.secretKey },
            { now },
          );
          print(`created key ${key.kid} (${key.alg})`);
          print(
            `published: in every replica's JWKS within ${(2 * KEY_REFRESH_MS) / 1000} s; signs ` +
              (now ? "now" : `from ${key.activatesAt.toISOString()}`),
          );
          return 0;
        }
        const keys = await listKeys(sql);
        const states = keyStates(keys, Date.now(), config.accessTokenTtl + RETAIN_MARGIN_SECONDS);
        for (const key of keys) {
          const activates = states.get(key.kid) === "next"
            ? ` signs from ${key.activatesAt.toISOString()}`
            : "";
          print(
            `${key.kid} ${key.alg} ${states.get(key.kid)} created ${key.createdAt.toISOString()}` +
              activates,
          );
        }
        if (keys.length === 0) print("no signing keys yet: the API creates one when it starts");
        return 0;
      } finally {
        await sql.end();
      }
    });
  } catch (error) {
    const message = expectedErrorMessage(error);
    if (message === undefined) throw error;
    printError(`error: ${message}`);
    return 1;
  }
}
