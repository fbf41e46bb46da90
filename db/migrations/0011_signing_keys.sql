-- migrate:up
-- The keys that sign access tokens. Every replica reads them from here, so they all sign with
-- the same key and publish the same set. A key's state follows from the clock: it is published
-- from its creation, signs from activates_at until a newer key activates, and stays published
-- until every token it signed has expired (api/keys/states.ts).
create table signing_keys (
  -- The JWT header's `kid` and the JWK's.
  kid text primary key check (kid ~ '^[A-Za-z0-9_-]{16,64}$'),
  alg text not null check (alg in ('EdDSA', 'ES256')),
  -- The public half as a JWK (no private members), published as it is.
  public_jwk jsonb not null check (not (public_jwk ? 'd')),
  -- The PKCS #8 private key sealed with AES-256-GCM under a key derived from SECRET_KEY
  -- (12-byte IV, then ciphertext and tag; the kid is the associated data): a dump alone cannot sign.
  private_key bytea not null,
  created_at timestamptz not null default now(),
  activates_at timestamptz not null,
  check (activates_at >= created_at)
);

create index signing_keys_activates_at_idx on signing_keys (activates_at);

-- migrate:down
drop table signing_keys;
