-- migrate:up
-- One row per session (what a login starts), locked by every refresh and every revocation, so the
-- two are serialised: a revocation can never miss a token that a refresh was issuing. The row
-- names the one refresh-token generation that works; refresh_tokens remembers every token the
-- session issued, so an old one presented again is recognised as reuse.
alter table sessions rename to sessions_v1;
alter index sessions_refresh_token_hash_key rename to sessions_v1_refresh_token_hash_key;
alter index sessions_family_id_idx rename to sessions_v1_family_id_idx;
alter index sessions_user_id_idx rename to sessions_v1_user_id_idx;

create table sessions (
  -- The `sid` of the session's access tokens.
  id uuid primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  -- Idle limit, pushed back by each refresh but never past max_expires_at.
  expires_at timestamptz not null,
  -- Absolute limit: the login plus SESSION_MAX_AGE.
  max_expires_at timestamptz not null,
  revoked_at timestamptz,
  -- The generation of the only refresh token that works.
  generation integer not null default 1,
  -- The generation the last rotation replaced, accepted once within the grace period after
  -- rotated_at (a page reloaded mid-refresh); null once spent.
  grace_generation integer,
  rotated_at timestamptz,
  -- Access tokens of older generations are refused, but for the caller's own
  -- (kept_access_generation), after "sign out everywhere else" or a password change re-issued the
  -- session's refresh token: a copy of its tokens in someone else's hands stops working.
  access_generation integer not null default 0,
  kept_access_generation integer,
  user_agent text check (char_length(user_agent) <= 512),
  ip text check (char_length(ip) <= 64),
  check (expires_at <= max_expires_at)
);

create index sessions_user_id_idx on sessions (user_id) where revoked_at is null;

create table refresh_tokens (
  -- SHA-256 (hex) of a 256-bit random token; the token itself is never stored.
  token_hash text primary key,
  session_id uuid not null references sessions (id) on delete cascade,
  generation integer not null,
  created_at timestamptz not null default now(),
  unique (session_id, generation)
);

-- Live sessions keep working: each family becomes a session whose current token is the family's
-- newest; its older tokens stay known, so replaying one is still reuse.
insert into sessions
  (id, user_id, created_at, last_used_at, expires_at, max_expires_at, revoked_at, generation,
   user_agent, ip)
select distinct on (family_id)
  family_id, user_id,
  min(created_at) over (partition by family_id),
  max(last_used_at) over (partition by family_id),
  expires_at,
  greatest(expires_at, min(created_at) over (partition by family_id) + interval '30 days'),
  case when bool_and(revoked_at is null) over (partition by family_id) then null else now() end,
  count(*) over (partition by family_id),
  user_agent, ip
from sessions_v1
order by family_id, created_at desc, id;

insert into refresh_tokens (token_hash, session_id, generation, created_at)
select refresh_token_hash, family_id,
  row_number() over (partition by family_id order by created_at, id), created_at
from sessions_v1;

drop table sessions_v1;

-- migrate:down
drop table refresh_tokens;
drop table sessions;
create table sessions (
  id uuid primary key,
  user_id bigint not null references users (id) on delete cascade,
  family_id uuid not null,
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
