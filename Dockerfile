# syntax=docker/dockerfile:1
# Two images from one file: `--target api` (the API, and the one-shot `migrate` service) and
# `--target caddy` (Caddy with the built web app). docker-compose.yml builds both.
ARG DENO_VERSION=2.9.6
ARG CADDY_TAG=2.10-alpine

# Every npm package of deno.json, from deno.json and deno.lock alone: this layer is rebuilt only
# when the dependencies change. nodeModulesDir "auto" installs the whole import map whatever the
# entry point, so the API image also carries the web app's build tools.
FROM denoland/deno:debian-${DENO_VERSION} AS deps
WORKDIR /app
RUN chown deno:deno /app
USER deno
COPY deno.json deno.lock ./
RUN deno install --frozen

# The web app, built by Vite under Deno into dist/.
FROM deps AS build
COPY . .
RUN deno task build && rm dist/.build-fingerprint

FROM deps AS api
# Root-owned and so read-only for the `deno` user; only node_modules/ belongs to it.
COPY api/ api/
COPY db/ db/
# The tasks db:*, user:create and db:seed run tools/dev_cli.ts, whose local PostgreSQL (tools/stack/)
# is only started when DATABASE_URL is unset.
COPY tools/dev_cli.ts tools/
COPY tools/stack/ tools/stack/
# A missing module fails the build, not the first start; nothing is fetched at run time.
RUN deno install --frozen --entrypoint api/deno_serve_entry.ts tools/dev_cli.ts db/cli.ts \
  api/cli/user_create.ts api/cli/db_seed.ts
USER deno
# graphile-worker (the mail queue), when it loads, looks for a legacy config file from the working
# directory up to the home directory: HOME=/app keeps that search inside what the API may read.
ENV APP_ENV=production HOST=0.0.0.0 PORT=8000 DENO_NO_UPDATE_CHECK=1 HOME=/app
EXPOSE 8000
# deno serve owns the socket and runs api/deno_serve_entry.ts (a module whose default export is
# { fetch }) in DENO_JOBS workers, one per CPU when unset. HOST and PORT are not read here: --host
# and --port are. Reading is limited to /app (the password worker's module is loaded at run time);
# the home directory's path is the one system value read (by graphile-worker, see HOME above).
CMD ["deno", "serve", "--parallel", "--frozen", "--cached-only", "--allow-net", "--allow-env", \
  "--allow-read=/app", "--allow-sys=homedir", "--host=0.0.0.0", "--port=8000", \
  "api/deno_serve_entry.ts"]

FROM caddy:${CADDY_TAG} AS caddy
# The official image runs as root; its binary may bind ports 80 and 443 without it.
RUN addgroup -g 1001 caddy \
  && adduser -D -H -u 1001 -G caddy -h /data caddy \
  && chown -R caddy:caddy /data /config
COPY Caddyfile /etc/caddy/Caddyfile
COPY --from=build /app/dist /srv
ENV SITE_ROOT=/srv SITE_ADDRESS=:80
USER caddy
