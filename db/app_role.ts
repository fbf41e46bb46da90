/**
 * The role the API connects as. A stolen API credential, or an injected query, must not be able
 * to change the schema or rewrite the audit trail: the API's role reads and writes rows, and only
 * appends to `audit_events`. Migrations run as the owner, and `migrate` grants this role its
 * privileges again after every run, so that tables added by later migrations are covered.
 */
import type { Sql } from "../api/db.ts";
import { JOB_QUEUE_SCHEMA } from "./job_queue.ts";
import { MigrationError } from "./migration_files.ts";

export type AppRole = {
  name: string;
  /** Set on the role at every run when given (rotation); else the role's password is left as is. */
  password?: string;
};

export const DEFAULT_APP_ROLE = "users_app";

// The trail is evidence: the API adds to it and reads it, never rewrites it. The retention job
// deletes old events through a SECURITY DEFINER function owned by the migrating role.
// Signing keys are only ever added (a key's state follows from its timestamps): a compromised API
// cannot swap the key others verify with for one of its own, nor erase one.
const APPEND_ONLY = new Set(["audit_events", "signing_keys"]);
// The readiness check reads the ledger; only migrations write it. Registered services are
// created and revoked by operators (`deno task service:*`), as the owner.
const READ_ONLY = new Set(["schema_migrations", "service_clients"]);

const DUPLICATE_OBJECT = "42710";
const UNIQUE_VIOLATION = "23505";
const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * Creates the role when it is missing, refuses one that could do more than the API needs (the
 * owner itself, a member of the owner, a superuser), then grants exactly the API's privileges.
 * `conn` is a single connection (the runner's reserved one) outside any transaction.
 */
export async function grantAppRole(conn: Sql, role: AppRole): Promise<void> {
  await createRole(conn, role.name);
  await conn`begin`;
  try {
    await checkRole(conn, role.name);
    if (role.password !== undefined) await setPassword(conn, role.name, role.password);
    await grant(conn, role.name);
    await conn`commit`;
  } catch (error) {
    await conn`rollback`.catch(() => {});
    throw error;
  }
}

async function createRole(conn: Sql, name: string): Promise<void> {
  const [found] = await conn`select 1 from pg_roles where rolname = ${name}`;
  if (found) return;
  try {
    await conn`create role ${conn(name)} login nosuperuser nocreatedb nocreaterole noinherit`;
  } catch (error) {
    // Roles belong to the whole server: a migration of another database may have just made it.
    const code = (error as { code?: string }).code;
    if (code === INSUFFICIENT_PRIVILEGE) {
      throw new MigrationError(
        `cannot create the role "${name}" (${(error as Error).message}): create it once as a ` +
          "plain login role, or let the migrating role create roles",
        { cause: error },
      );
    }
    if (code !== DUPLICATE_OBJECT && code !== UNIQUE_VIOLATION) throw error;
  }
}

async function checkRole(conn: Sql, name: string): Promise<void> {
  const [role] = await conn<{ super: boolean; owner: boolean }[]>`
    select r.rolsuper or r.rolbypassrls or r.rolcreaterole or r.rolcreatedb as super,
      pg_has_role(r.oid, current_user, 'usage') or exists (
        select 1 from pg_class c
        where c.relnamespace = 'public'::regnamespace
          and pg_has_role(r.oid, c.relowner, 'usage')
      ) as owner
    from pg_roles r where r.rolname = ${name}`;
  if (role.owner) {
    throw new MigrationError(
      `DATABASE_APP_ROLE "${name}" is (or acts as) the role that owns the schema; the API must ` +
        "connect as a role of its own",
    );
  }
  if (role.super) {
    throw new MigrationError(
      `DATABASE_APP_ROLE "${name}" may create roles or databases or bypass permissions; ` +
        "give the API a plain login role",
    );
  }
}

async function grant(conn: Sql, name: string): Promise<void> {
  const role = conn(name);
  // PostgreSQL 14 and older let every role create tables in `public`.
  await conn`revoke create on schema public from public`;
  await conn`grant usage on schema public to ${role}`;
  const tables = await conn<{ name: string }[]>`
    select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    order by 1`;
  for (const { name: table } of tables) {
    await conn`revoke all on table ${conn(table)} from ${role}`;
    if (READ_ONLY.has(table)) await conn`grant select on table ${conn(table)} to ${role}`;
    else if (APPEND_ONLY.has(table)) {
      await conn`grant select, insert on table ${conn(table)} to ${role}`;
    } else {
      await conn`grant select, insert, update, delete on table ${conn(table)} to ${role}`;
    }
  }
  await conn`grant usage, select on all sequences in schema public to ${role}`;
  await conn`grant execute on all functions in schema public to ${role}`;
  await grantJobQueue(conn, name);
}

/**
 * The mail worker (graphile-worker) runs as the API's role: it reads and writes the queue's rows
 * and calls its functions, and reads its migration ledger to check the schema is current. It
 * never creates, alters or drops anything there: the owner installs the schema (migration 0008).
 */
async function grantJobQueue(conn: Sql, name: string): Promise<void> {
  const [{ exists }] = await conn<{ exists: boolean }[]>`
    select to_regnamespace(${JOB_QUEUE_SCHEMA}) is not null as exists`;
  if (!exists) return;
  const role = conn(name);
  const schema = conn(JOB_QUEUE_SCHEMA);
  await conn`revoke all on schema ${schema} from public`;
  await conn`revoke all on all tables in schema ${schema} from ${role}`;
  await conn`grant usage on schema ${schema} to ${role}`;
  await conn`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`;
  await conn`revoke insert, update, delete on table ${schema}.migrations from ${role}`;
  await conn`grant usage, select on all sequences in schema ${schema} to ${role}`;
  await conn`grant execute on all functions in schema ${schema} to ${role}`;
}

/**
 * The server is given a SCRAM verifier, never the password, so the password appears in no
 * statement the server could log. A format() inside the server quotes the verifier.
 */
async function setPassword(conn: Sql, name: string, password: string): Promise<void> {
  const verifier = await scramVerifier(password);
  await conn`select set_config('users.app_role', ${name}, true),
    set_config('users.app_role_verifier', ${verifier}, true)`;
  await conn`do $$ begin
    execute format('alter role %I password %L', current_setting('users.app_role'),
      current_setting('users.app_role_verifier'));
  end $$`;
}

const SCRAM_ITERATIONS = 4096;

/** RFC 5803's stored form, as PostgreSQL writes it (`SCRAM-SHA-256$iterations:salt$stored:server`). */
export async function scramVerifier(password: string, salt?: Uint8Array): Promise<string> {
  const encoder = new TextEncoder();
  const saltBytes = salt ?? crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const salted = await crypto.subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      salt: saltBytes as BufferSource,
      iterations: SCRAM_ITERATIONS,
    },
    key,
    256,
  );
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    salted,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const clientKey = await crypto.subtle.sign("HMAC", hmacKey, encoder.encode("Client Key"));
  const serverKey = await crypto.subtle.sign("HMAC", hmacKey, encoder.encode("Server Key"));
  const storedKey = await crypto.subtle.digest("SHA-256", clientKey);
  const b64 = (bytes: ArrayBuffer | Uint8Array) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)));
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${b64(saltBytes)}$${b64(storedKey)}:${b64(serverKey)}`;
}
