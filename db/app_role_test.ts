import assert from "node:assert/strict";
import { createSql, type Sql } from "../api/db.ts";
import { TEST_APP_ROLE, testDatabase } from "../api/testing/database.ts";
import { scramVerifier } from "./app_role.ts";
import { DEFAULT_APP_ROLE, migrate, MigrationError } from "./migrate.ts";
import { migrationText, tempMigrations } from "./testing.ts";

const quiet = { log: () => {} };
const INSUFFICIENT_PRIVILEGE = "42501";
const asTestRole = { ...quiet, appRole: { name: TEST_APP_ROLE } };

function denied(error: unknown): boolean {
  return (error as { code?: string }).code === INSUFFICIENT_PRIVILEGE;
}

/** The API's connection to `url`, closed on dispose. */
function appSql(url: string): Sql & AsyncDisposable {
  const sql = createSql(url, { max: 1 });
  return Object.assign(sql, { [Symbol.asyncDispose]: () => sql.end() });
}

Deno.test("after db:migrate the API's role exists and may not change the schema", async () => {
  await using db = await testDatabase({ migrated: false });
  await migrate(db.sql, quiet);
  const [role] = await db.sql`
    select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole from pg_roles
    where rolname = ${DEFAULT_APP_ROLE}`;
  assert.deepEqual({ ...role }, {
    rolcanlogin: true,
    rolsuper: false,
    rolcreatedb: false,
    rolcreaterole: false,
  });
  const [can] = await db.sql`
    select has_schema_privilege(${DEFAULT_APP_ROLE}, 'public', 'create') as "createTable",
      has_table_privilege(${DEFAULT_APP_ROLE}, 'audit_events', 'insert') as "auditInsert",
      has_table_privilege(${DEFAULT_APP_ROLE}, 'audit_events', 'update') as "auditUpdate",
      has_table_privilege(${DEFAULT_APP_ROLE}, 'audit_events', 'delete') as "auditDelete",
      has_table_privilege(${DEFAULT_APP_ROLE}, 'audit_events', 'truncate') as "auditTruncate",
      has_table_privilege(${DEFAULT_APP_ROLE}, 'users', 'delete') as "usersDelete"`;
  assert.deepEqual({ ...can }, {
    createTable: false,
    auditInsert: true,
    auditUpdate: false,
    auditDelete: false,
    auditTruncate: false,
    usersDelete: true,
  });
});

Deno.test("the API's role cannot create a table, nor update or delete the audit trail", async () => {
  await using db = await testDatabase();
  await using app = appSql(db.appUrl);
  await app`insert into audit_events (action) values ('test.event')`;
  assert.equal((await app`select action from audit_events`).length, 1);
  for (
    const attempt of [
      () => app`create table stolen (secret text)`,
      () => app`create schema stolen`,
      () => app`update audit_events set action = 'rewritten'`,
      () => app`delete from audit_events`,
      () => app`truncate audit_events`,
      () => app`alter table users add column stolen text`,
      () => app`drop table sessions`,
      () => app`delete from schema_migrations`,
    ]
  ) {
    await assert.rejects(attempt(), denied);
  }
  assert.deepEqual([...await db.sql`select action from audit_events`], [{ action: "test.event" }]);
});

Deno.test("a table added by a later migration is granted at the next run", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_pets.sql": migrationText("create table pets (name text);", "drop table pets;"),
  });
  await migrate(db.sql, { ...asTestRole, dir: temp.dir });
  await temp.write(
    "0002_toys.sql",
    migrationText(
      "create table toys (id bigint generated always as identity, name text);",
      "drop table toys;",
    ),
  );
  await migrate(db.sql, { ...asTestRole, dir: temp.dir });
  await using app = appSql(db.appUrl);
  await app`insert into pets values ('rex')`;
  await app`insert into toys (name) values ('ball')`;
  await app`update toys set name = 'bone'`;
  assert.deepEqual([...await app`delete from toys returning name`], [{ name: "bone" }]);
});

Deno.test("the retention job's SECURITY DEFINER function stays callable by the API's role", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations({
    "0001_audit.sql": migrationText(
      `create table audit_events (id bigint generated always as identity, action text);
      create function prune_audit_events(keep integer) returns bigint
      language sql security definer set search_path = public as $$
        with gone as (delete from audit_events where id <= (select max(id) from audit_events) - keep
          returning 1)
        select count(*) from gone
      $$;`,
      "drop function prune_audit_events(integer); drop table audit_events;",
    ),
  });
  await migrate(db.sql, { ...asTestRole, dir: temp.dir });
  await using app = appSql(db.appUrl);
  await app`insert into audit_events (action) select 'e' from generate_series(1, 5)`;
  await assert.rejects(app`delete from audit_events`, denied);
  const [{ pruned }] = await app`select prune_audit_events(2) as pruned`;
  assert.equal(pruned, 3);
});

Deno.test("migrate refuses an app role that is the schema's owner", async () => {
  await using db = await testDatabase({ migrated: false });
  const [{ owner }] = await db.sql`select current_user as owner`;
  await assert.rejects(
    migrate(db.sql, { ...quiet, appRole: { name: owner } }),
    (error: Error) => error instanceof MigrationError && /owns the schema/.test(error.message),
  );
});

Deno.test("the password's SCRAM verifier is the one PostgreSQL computes itself", async () => {
  await using db = await testDatabase({ migrated: false });
  const role = `scram_${crypto.randomUUID().slice(0, 8)}`;
  await db.sql`create role ${db.sql(role)}`;
  try {
    await db.sql.begin(async (tx) => {
      await tx`set local password_encryption = 'scram-sha-256'`;
      await tx`alter role ${tx(role)} password 'correct-horse-battery'`;
    });
    const [{ stored }] = await db.sql`
      select rolpassword as stored from pg_authid where rolname = ${role}`;
    const salt = Uint8Array.from(atob(stored.split("$")[1].split(":")[1]), (c) => c.charCodeAt(0));
    assert.equal(await scramVerifier("correct-horse-battery", salt), stored);
  } finally {
    await db.sql`drop role ${db.sql(role)}`;
  }
});

Deno.test("a migrating role that may not create roles is told what to do", async () => {
  await using db = await testDatabase({ migrated: false });
  await using temp = await tempMigrations();
  const migrator = `migrator_${crypto.randomUUID().slice(0, 8)}`;
  await db.sql`create role ${db.sql(migrator)}`;
  await db.sql`grant create on schema public to ${db.sql(migrator)}`;
  const sql = createSql(db.url, { max: 1 });
  try {
    await sql`set role ${sql(migrator)}`;
    await assert.rejects(
      migrate(sql, { ...quiet, dir: temp.dir, appRole: { name: `${migrator}_app` } }),
      (error: Error) =>
        error instanceof MigrationError &&
        /cannot create the role .*create it once/.test(error.message),
    );
  } finally {
    await sql.end();
    await db.sql`drop owned by ${db.sql(migrator)}`;
    await db.sql`drop role ${db.sql(migrator)}`;
  }
});

Deno.test("the API's role may add signing keys and read them, never change or remove one", async () => {
  await using db = await testDatabase();
  await using app = appSql(db.appUrl);
  await app`
    insert into signing_keys (kid, alg, public_jwk, private_key, activates_at)
    values ('abcdefghijklmnop', 'EdDSA', '{"kty":"OKP"}', '\\x00', now())`;
  assert.equal((await app`select kid from signing_keys`).length, 1);
  for (
    const attempt of [
      () => app`update signing_keys set public_jwk = '{"kty":"EC"}'`,
      () => app`update signing_keys set activates_at = now() - interval '1 day'`,
      () => app`delete from signing_keys`,
      () => app`truncate signing_keys`,
    ]
  ) {
    await assert.rejects(attempt(), denied);
  }
});

Deno.test("the API's role may read registered services, never register or revoke one", async () => {
  await using db = await testDatabase();
  await using app = appSql(db.appUrl);
  assert.equal((await app`select client_id from service_clients`).length, 0);
  const hash = new Uint8Array(32);
  for (
    const attempt of [
      () =>
        app`insert into service_clients (name, client_id, secret_hash)
          values ('evil', 'svc_evil', ${hash})`,
      () => app`update service_clients set revoked_at = null`,
      () => app`delete from service_clients`,
    ]
  ) {
    await assert.rejects(attempt(), denied);
  }
});
