-- migrate:up
-- Null until the owner follows a verification link (or resets the password through a mailed
-- link). Accounts from before this migration start unverified: nobody ever proved their address.
alter table users add column email_verified_at timestamptz;

-- The tokens behind the links we mail: `<selector>.<verifier>`. The selector names the row and
-- is public; the verifier (256 random bits) is stored only as its SHA-256, so a copy of this
-- table opens no account. A row is deleted when it is used, superseded by a newer token of the
-- same purpose, or wrong 5 times: each link works once.
create table email_tokens (
  selector text primary key check (selector ~ '^[A-Za-z0-9_-]{22}$'),
  verifier_hash bytea not null check (octet_length(verifier_hash) = 32),
  user_id bigint not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify', 'password_reset', 'email_change')),
  -- Where the link was sent: the account's address, or for an email change the new one. A token
  -- is only good while the account's address is still the one it was sent for.
  email text not null check (email = lower(btrim(email)) and char_length(email) <= 254),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  failed_attempts integer not null default 0 check (failed_attempts between 0 and 5)
);

-- Issuing a token deletes the user's older ones of the same purpose.
create index email_tokens_user_purpose_idx on email_tokens (user_id, purpose);
-- The retention job deletes expired tokens by age.
create index email_tokens_expires_at_idx on email_tokens (expires_at);

-- "At most one mail per interval to this address": a row per (name, key) with the time the next
-- one may go. Keys are SHA-256 like rate_limits', so the table holds no addresses.
create table cooldowns (
  name text not null,
  key_hash bytea not null,
  until timestamptz not null,
  primary key (name, key_hash)
);

create index cooldowns_until_idx on cooldowns (until);

-- migrate:down
drop table cooldowns;
drop table email_tokens;
alter table users drop column email_verified_at;
