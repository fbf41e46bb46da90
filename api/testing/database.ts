/**
 * A database per test module, cloned from the migrated template that `deno task test` prepares,
 * so test files run in parallel without seeing each other's rows.
 */
import { createSql, type Sql, withDatabase } from "../db.ts";

export const TEMPLATE_DATABASE = "users_test_template";
/**
 * The API's role in tests. Not the default `users_app`: roles belong to the whole server, and a
 * test run against a shared server must not change the password of the one development uses.
 */
export const TEST_APP_ROLE = "users_app_test";

export type TestDatabase = AsyncDisposable & {
  /** The owner's URL: for fixtures that truncate, insert directly or inspect the schema. */
  url: string;
  /** The same database as the API's role, with only the privileges `migrate` grants it. */
  appUrl: string;
  sql: Sql;
  /** Empties every table except the migration ledger and restarts identities. */
  truncate(): Promise<void>;
};

/** The server-level URL the test task exported; tests create their databases through it. */
export function adminUrl(): string {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (!url) {
    throw new Error("TEST_DATABASE_URL is unset: run the tests with `deno task test`.");
  }
  return url;
}

/** The API's role on the test server, with the password `deno task test` gave it. */
function appServerUrl(): string {
  const url = Deno.env.get("TEST_APP_DATABASE_URL");
  if (!url) {
    throw new Error("TEST_APP_DATABASE_URL is unset: run the tests with `deno task test`.");
  }
  return url;
}

/** A new database: migrated (cloned from the template) by default, or empty. */
export async function testDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const admin = createSql(adminUrl(), { max: 1 });
  const name = `test_${crypto.randomUUID().replaceAll("-", "")}`;
  const template = options.migrated === false ? "template0" : TEMPLATE_DATABASE;
  try {
    await admin`create database ${admin(name)} template ${admin(template)}`;
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  const sql = createSql(url);
  return {
    url,
    appUrl: withDatabase(appServerUrl(), name),
    sql,
    async truncate() {
      const tables = await sql<{ name: string }[]>`
        select tablename as name from pg_tables
        where schemaname = 'public' and tablename <> 'schema_migrations'`;
      if (tables.length === 0) return;
      await sql`truncate ${sql(tables.map((t) => t.name))} restart identity cascade`;
    },
    async [Symbol.asyncDispose]() {
      await sql.end();
      const admin = createSql(adminUrl(), { max: 1 });
      try {
        await admin`drop database if exists ${admin(name)} with (force)`;
      } finally {
        await admin.end();
      }
    },
  };
}
