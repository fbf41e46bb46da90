import postgres from "postgres";

export type Sql = postgres.Sql;
/** What a query function needs: the pool, or a transaction inside `sql.begin`. */
export type Queryable = Sql | postgres.TransactionSql;

type Options = {
  /** Pool size; postgres.js opens connections lazily up to this many. */
  max?: number;
};

/** One pool per process. bigint columns come back as JS numbers: our ids stay below 2^53. */
export function createSql(url: string, options: Options = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: "users-service" },
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number | bigint) => String(value),
        parse: (value: string) => Number(value),
      },
    },
  });
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
