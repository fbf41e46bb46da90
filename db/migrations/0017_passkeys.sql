-- migrate:up
-- Passkeys (WebAuthn credentials, issue 14). Only public material is kept: the credential's id
-- and public key (COSE); the private key never leaves the authenticator.
create table passkeys (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  credential_id bytea not null unique check (octet_length(credential_id) between 16 and 1023),
  public_key bytea not null,
  -- The authenticator's signature counter: one that goes backwards (when not zero) betrays a
  -- cloned authenticator.
  sign_count bigint not null default 0 check (sign_count >= 0),
  transports text[] not null default '{}',
  device_type text not null check (device_type in ('singleDevice', 'multiDevice')),
  backed_up boolean not null,
  name text not null check (char_length(name) between 1 and 64),
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);

create index passkeys_user_id_idx on passkeys (user_id);

-- Challenges of ceremonies under way. Kept in PostgreSQL so that any replica can check the one
-- another replica handed out; each is deleted by the verification that uses it (DELETE …
-- RETURNING: of two concurrent verifications, one gets the row).
create table passkey_challenges (
  -- base64url of 32 random bytes, as the browser echoes it in clientDataJSON.
  challenge text primary key check (challenge ~ '^[A-Za-z0-9_-]{43}$'),
  purpose text not null check (purpose in ('register', 'login', 'second_step', 'reauthenticate')),
  -- What the challenge is bound to: the session (register, reauthenticate), the SHA-256 of the
  -- browser's ceremony cookie (login), or of the mfa_token (second_step).
  binding text not null,
  user_id bigint references users (id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);

create index passkey_challenges_expires_at_idx on passkey_challenges (expires_at);

-- migrate:down
drop table passkey_challenges;
drop table passkeys;
