-- migrate:up
-- "Keep me signed in": a session started without it has a short idle limit
-- (BROWSER_SESSION_TTL) and a refresh cookie that ends with the browser. Sessions from before
-- were all kept, so they stay so.
alter table sessions add column remember boolean not null default true;

-- migrate:down
alter table sessions drop column remember;
