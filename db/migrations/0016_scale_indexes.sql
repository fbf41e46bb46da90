-- migrate:up
-- Indexes that keep queries flat as the tables grow (docs/scale.md has each query's plan before
-- and after, at 10 million audit events, a million sessions and a million rate-limit rows).
-- Built inside the migration's transaction (not CONCURRENTLY): on a million sessions each takes
-- about a second, during which logins wait.

-- A user's every session, live or ended: the data export lists them, and deleting a user
-- deletes them (the foreign key's cascade). The partial index of live sessions could serve
-- neither; this one serves those and the revocations of a user's live sessions as well.
create index sessions_user_id_created_at_idx on sessions (user_id, created_at desc);
drop index sessions_user_id_idx;

-- The retention job deletes sessions that expired or were revoked some days ago: without these
-- it reads the whole table every hour.
create index sessions_expires_at_idx on sessions (expires_at);
create index sessions_revoked_at_idx on sessions (revoked_at) where revoked_at is not null;

-- migrate:down
drop index sessions_revoked_at_idx;
drop index sessions_expires_at_idx;
create index sessions_user_id_idx on sessions (user_id) where revoked_at is null;
drop index sessions_user_id_created_at_idx;
