import type { Sql } from "../db.ts";

/** The migration versions the database has applied (throws 42P01 before the first migration). */
export async function appliedMigrations(sql: Sql): Promise<Set<string>> {
  const rows = await sql<{ version: string }[]>`select version from schema_migrations`;
  return new Set(rows.map((row) => row.version));
}
