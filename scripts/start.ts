/**
 * `deno task start`: the database (DATABASE_URL, or a local server under .data/), migrations,
 * then the API. Ctrl-C (or SIGTERM) stops everything it started, in reverse order.
 */
import { createSql } from "../api/db.ts";
import { migrate } from "../db/migrate.ts";
import { devDatabase } from "./dev_database.ts";

const database = await devDatabase();
if (database.local) console.log(`PostgreSQL started (data in .data/postgres)`);

try {
  const sql = createSql(database.url, { max: 1 });
  try {
    await migrate(sql, { log: (line) => console.log(line) });
  } finally {
    await sql.end();
  }
} catch (error) {
  await database.release();
  console.error(`error: ${error instanceof Error ? error.message : error}`);
  Deno.exit(1);
}

const api = new Deno.Command(Deno.execPath(), {
  args: ["run", "--allow-all", new URL("../api/main.ts", import.meta.url).pathname],
  env: { DATABASE_URL: database.url },
  stdin: "null",
}).spawn();

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    if (stopping) return;
    stopping = true;
    try {
      api.kill("SIGTERM");
    } catch {
      // already gone
    }
  });
}

const status = await api.status;
await database.release();
if (database.local) console.log("PostgreSQL stopped");
Deno.exit(stopping ? 0 : status.code);
