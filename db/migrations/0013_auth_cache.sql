-- migrate:up
-- Each API process keeps the users and sessions that authenticated requests read in memory
-- (api/auth_cache/). These triggers tell every process which row changed, through the
-- `auth_cache` channel: the notification is sent by the changing transaction itself, so it
-- arrives exactly when that transaction commits (never before, never for a rollback), whatever
-- made the change: the API, a CLI command, an operator's SQL, a cascade from a deleted user.
-- Inserts are not sent: a process never keeps "no such row", only rows it has read.
create function auth_cache_notify_user() returns trigger language plpgsql as $$
begin
  perform pg_notify('auth_cache', 'u:' || old.id);
  return null;
end
$$;

create function auth_cache_notify_session() returns trigger language plpgsql as $$
begin
  perform pg_notify('auth_cache', 's:' || old.id);
  return null;
end
$$;

create trigger users_auth_cache after update or delete on users
  for each row execute function auth_cache_notify_user();
create trigger sessions_auth_cache after update or delete on sessions
  for each row execute function auth_cache_notify_session();
-- A truncate leaves no row to name: every process drops everything it keeps.
create function auth_cache_notify_all() returns trigger language plpgsql as $$
begin
  perform pg_notify('auth_cache', '*');
  return null;
end
$$;
create trigger users_auth_cache_truncate after truncate on users
  for each statement execute function auth_cache_notify_all();
create trigger sessions_auth_cache_truncate after truncate on sessions
  for each statement execute function auth_cache_notify_all();

-- The API processes that answer from their memory: each one touches its row every
-- AUTH_CACHE heartbeat. A request that revokes waits for every process seen recently to confirm
-- it has dropped what the change invalidated (see api/auth_cache/barrier.ts).
create table auth_cache_replicas (
  id uuid primary key,
  seen_at timestamptz not null default now()
);

-- migrate:down
drop table auth_cache_replicas;
drop trigger sessions_auth_cache_truncate on sessions;
drop trigger users_auth_cache_truncate on users;
drop trigger sessions_auth_cache on sessions;
drop trigger users_auth_cache on users;
drop function auth_cache_notify_all();
drop function auth_cache_notify_session();
drop function auth_cache_notify_user();
