-- migrate:up
-- Second factors (issue 14). An authenticator app's secret is sealed with AES-256-GCM under the
-- key derived from SECRET_KEY that seals the signing keys (the associated data names the user,
-- so a sealed secret cannot be moved to another account): a dump alone cannot make codes.
create table totp_factors (
  user_id bigint primary key references users (id) on delete cascade,
  -- Null once disabled; the row stays so that `last_step` keeps refusing codes already used.
  secret bytea,
  -- Null while the enrolment waits for its confirming code.
  confirmed_at timestamptz,
  -- The newest 30-second time step accepted for this user: no step is accepted twice, the
  -- enrolment's confirming code included.
  last_step bigint not null default 0,
  created_at timestamptz not null default now(),
  check (confirmed_at is null or secret is not null)
);

-- Single-use recovery codes: 80 random bits each, so their SHA-256 is enough.
create table recovery_codes (
  user_id bigint not null references users (id) on delete cascade,
  code_hash bytea not null check (octet_length(code_hash) = 32),
  used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (user_id, code_hash)
);

-- The second step of a login: the password was right, a code is still owed. The client holds
-- the token (256 random bits); only its SHA-256 is kept.
create table mfa_challenges (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id bigint not null references users (id) on delete cascade,
  remember boolean not null,
  -- The device id of a browser the account knew at the password step (its device cookie), so
  -- the second step counts against the same limits and skips the new-browser notice.
  known_device text,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create index mfa_challenges_expires_at_idx on mfa_challenges (expires_at);

-- What a session's login proved (RFC 8176 `amr` values) and when: step-up checks `auth_time`.
alter table sessions
  add column amr text[] not null default '{pwd}',
  add column auth_time timestamptz;
update sessions set auth_time = created_at;
alter table sessions alter column auth_time set not null, alter column auth_time set default now();

-- migrate:down
alter table sessions drop column auth_time, drop column amr;
drop table mfa_challenges;
drop table recovery_codes;
drop table totp_factors;
