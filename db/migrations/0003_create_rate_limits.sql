-- migrate:up
-- One row per limit, key and fixed window; a sliding estimate reads the current and previous rows.
-- Keys are stored as SHA-256, so the table holds no emails (least of all mistyped ones) and its
-- index entries stay small whatever the key. Look one up with
-- `where key_hash = sha256(convert_to('198.51.100.7', 'UTF8'))`.
create table rate_limits (
  name text not null,
  key_hash bytea not null,
  window_start timestamptz not null,
  hits integer not null check (hits > 0),
  primary key (name, key_hash, window_start)
);

-- The opportunistic clean-up deletes by age alone.
create index rate_limits_window_start_idx on rate_limits (window_start);

-- migrate:down
drop table rate_limits;
