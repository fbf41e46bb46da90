/** Registered services' SQL: operators write the rows, the API only reads them. */
import type { Queryable } from "../db.ts";

export type ServiceClient = {
  id: number;
  name: string;
  clientId: string;
  createdAt: Date;
  revokedAt: Date | null;
};

const COLUMNS = ["id", "name", "client_id", "created_at", "revoked_at"];
type Row = {
  id: number;
  name: string;
  client_id: string;
  created_at: Date;
  revoked_at: Date | null;
};

function present(row: Row): ServiceClient {
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertService(
  sql: Queryable,
  input: { name: string; clientId: string; secretHash: Uint8Array },
): Promise<ServiceClient> {
  const [row] = await sql<Row[]>`
    insert into service_clients (name, client_id, secret_hash)
    values (${input.name}, ${input.clientId}, ${input.secretHash})
    returning ${sql(COLUMNS)}`;
  return present(row);
}

/** A live service and its secret's hash, by client id. */
export async function findLiveService(
  sql: Queryable,
  clientId: string,
): Promise<(ServiceClient & { secretHash: Uint8Array }) | undefined> {
  const [row] = await sql<(Row & { secret_hash: Uint8Array })[]>`
    select ${sql(COLUMNS)}, secret_hash from service_clients
    where client_id = ${clientId} and revoked_at is null`;
  return row && { ...present(row), secretHash: row.secret_hash };
}

/** Every registration, revoked ones too, oldest first. */
export async function listServices(sql: Queryable): Promise<ServiceClient[]> {
  const rows = await sql<Row[]>`
    select ${sql(COLUMNS)} from service_clients order by created_at, id`;
  return rows.map(present);
}

/** Revokes the live service with that client id or name; undefined when there is none. */
export async function revokeService(
  sql: Queryable,
  clientIdOrName: string,
): Promise<ServiceClient | undefined> {
  const [row] = await sql<Row[]>`
    update service_clients set revoked_at = now()
    where (client_id = ${clientIdOrName} or name = ${clientIdOrName}) and revoked_at is null
    returning ${sql(COLUMNS)}`;
  return row && present(row);
}
