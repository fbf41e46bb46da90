-- migrate:up
-- Who did what to whom. No foreign keys on the user ids: the history of a deleted user stays.
create table audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  action text not null,
  actor_id bigint,
  target_id bigint,
  -- Changed fields as {"field": {"old": …, "new": …}}; never passwords or hashes.
  changes jsonb,
  detail jsonb,
  ip text check (char_length(ip) <= 64)
);

create index audit_events_actor_idx on audit_events (actor_id, id desc);
create index audit_events_target_idx on audit_events (target_id, id desc);

-- Admins search users by any part of the name or email; trigram indexes serve `ilike '%q%'`.
create extension if not exists pg_trgm;
create index users_username_trgm_idx on users using gin (lower(username) gin_trgm_ops);
create index users_email_trgm_idx on users using gin (email gin_trgm_ops);

-- migrate:down
drop index users_email_trgm_idx;
drop index users_username_trgm_idx;
drop table audit_events;
drop extension if exists pg_trgm;
