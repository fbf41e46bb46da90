-- migrate:up
-- Services registered to introspect tokens (POST /auth/introspect), with HTTP Basic credentials.
-- Created and revoked by operators (`deno task service:*`, as the schema's owner); the API's role
-- only reads them, so a compromised API cannot register a service of its own.
create table service_clients (
  id bigint generated always as identity primary key,
  name text not null check (name ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
  client_id text not null unique,
  -- SHA-256 of the secret: 256 random bits need no slow hash, and every introspection checks it.
  secret_hash bytea not null check (length(secret_hash) = 32),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- One live registration per name; a revoked name may be registered again.
create unique index service_clients_live_name_idx on service_clients (name)
  where revoked_at is null;

-- migrate:down
drop table service_clients;
