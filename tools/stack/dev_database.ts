/**
 * The database for local tasks: DATABASE_URL when set, otherwise a PostgreSQL server kept
 * under `.data/postgres` (started on demand) with a `users_dev` database.
 */
import { loadDatabaseUrl } from "../../api/config.ts";
import { createSql, withDatabase } from "../../api/db.ts";
import { startPostgres } from "./postgres.ts";

const DATA_DIR = new URL("../../.data/postgres", import.meta.url).pathname;
const DEFAULT_PORT = 55432;
const DATABASE = "users_dev";

export type DevDatabase = {
  url: string;
  /** Whether this call started the local server (and so should stop it). */
  local: boolean;
  release(): Promise<void>;
};

export async function devDatabase(): Promise<DevDatabase> {
  const url = loadDatabaseUrl();
  if (url) return { url, local: false, release: async () => {} };

  const server = await startPostgres({ dataDir: DATA_DIR, port: DEFAULT_PORT });
  const admin = createSql(server.url, { max: 1 });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${DATABASE}`;
    if (!found) await admin`create database ${admin(DATABASE)}`;
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(server.url, DATABASE),
    local: server.started,
    release: () => server.started ? server.stop() : Promise.resolve(),
  };
}
