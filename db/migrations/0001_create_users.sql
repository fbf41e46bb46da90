-- migrate:up
create table users (
  id bigint generated always as identity primary key,
  username text not null check (char_length(username) between 3 and 32),
  email text not null check (email = lower(btrim(email)) and char_length(email) <= 254),
  password_hash text not null,
  active boolean not null default true,
  admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Uniqueness ignores case; the index names are how the API tells which field collided.
create unique index users_username_lower_key on users (lower(username));
create unique index users_email_lower_key on users (lower(email));

create function set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create trigger users_set_updated_at before update on users
  for each row execute function set_updated_at();

-- migrate:down
drop table users;
drop function set_updated_at();
