-- migrate:up
-- One row per refresh token. Rotation adds a row to the same family and marks the old one
-- rotated; presenting a rotated token again means it was copied, and the family is revoked.
create table sessions (
  id uuid primary key,
  user_id bigint not null references users (id) on delete cascade,
  family_id uuid not null,
  -- SHA-256 (hex) of a 256-bit random token; the token itself is never stored.
  refresh_token_hash text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  rotated_at timestamptz,
  revoked_at timestamptz,
  user_agent text check (char_length(user_agent) <= 512),
  ip text check (char_length(ip) <= 64)
);

create unique index sessions_refresh_token_hash_key on sessions (refresh_token_hash);
create index sessions_family_id_idx on sessions (family_id);
create index sessions_user_id_idx on sessions (user_id) where revoked_at is null;

-- migrate:down
drop table sessions;
