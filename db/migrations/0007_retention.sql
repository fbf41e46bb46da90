-- migrate:up
-- The retention job deletes audit events through this function only: the API's own role may
-- insert into audit_events but not delete from it, so the function runs as its owner (the role
-- that migrates). It refuses to delete anything younger than 30 days, so a compromised API
-- cannot use it to erase the recent trail.
create function prune_audit_events(older_than interval) returns bigint
  language plpgsql security definer
  -- A definer function must not resolve names through a schema its caller could write to.
  set search_path = pg_catalog, pg_temp
as $$
declare
  deleted bigint;
begin
  if older_than is null or older_than < interval '30 days' then
    raise exception 'prune_audit_events keeps at least 30 days, got %', older_than
      using errcode = '22023';
  end if;
  delete from public.audit_events where occurred_at < now() - older_than;
  get diagnostics deleted = row_count;
  return deleted;
end;
$$;

-- Functions are executable by everyone unless revoked; `db:migrate` grants this one to the API's
-- role, and nobody else needs it.
revoke execute on function prune_audit_events(interval) from public;

-- The job deletes by age: without this it would read the whole trail every round.
create index audit_events_occurred_at_idx on audit_events (occurred_at);

-- migrate:down
drop index audit_events_occurred_at_idx;
drop function prune_audit_events(interval);
