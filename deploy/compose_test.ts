/**
 * docker-compose.yml, the Dockerfile and .env.example checked against each other and against the
 * Compose specification's essentials, with no Docker engine. Where the `docker compose` plugin is
 * installed, `docker compose config` (which needs no daemon) validates the file as well.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";

type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  restart?: string;
  environment?: Record<string, unknown> | string[];
  volumes?: (string | { source?: string; target?: string })[];
  ports?: unknown[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  deploy?: { replicas?: number };
};
type Stage = { name: string; base: string; instructions: [string, string][] };

const ROOT = new URL("../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));
const composeText = read("docker-compose.yml");
const compose = parse(composeText) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const { db, migrate, api, caddy } = compose.services;
const variable = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}$/;

const words = (value: string | string[] | undefined) => [value ?? []].flat().join(" ");
const condition = (service: Service, name: string) =>
  Array.isArray(service.depends_on) ? undefined : service.depends_on?.[name]?.condition;

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  return Array.isArray(env)
    ? Object.fromEntries(
      env.map((line) => [line.split("=")[0], line.split("=").slice(1).join("=")]),
    )
    : Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? "")]));
}

function buildOf({ build }: Service) {
  const { context = ".", dockerfile = "Dockerfile", target = undefined } = typeof build === "string"
    ? { context: build }
    : build ?? {};
  return build ? { path: `${context}/${dockerfile}`, target } : undefined;
}

/** A Dockerfile's stages: line continuations joined, comments and blank lines skipped. */
function stages(path: string): Stage[] {
  const result: Stage[] = [];
  for (const line of read(path).replaceAll("\\\n", " ").split("\n")) {
    const [, keyword, rest] = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line) ?? [];
    if (keyword?.toUpperCase() === "FROM") {
      const [base, as, name] = rest.split(/\s+/).filter((word) => !word.startsWith("--"));
      result.push({ name: as?.toUpperCase() === "AS" ? name : "", base, instructions: [] });
    } else if (keyword) result.at(-1)?.instructions.push([keyword.toUpperCase(), rest.trim()]);
  }
  return result;
}

/** The last `keyword` of a stage or, failing that, of the stage it is built from. */
function inherited(all: Stage[], stage: Stage, keyword: string): string | undefined {
  const parent = all.find((other) => other.name === stage.base);
  return stage.instructions.findLast(([name]) => name === keyword)?.[1] ??
    (parent && inherited(all, parent, keyword));
}

function stageOf(service: Service): { all: Stage[]; stage: Stage } {
  const build = buildOf(service);
  assert.ok(build?.target, "the service is built from a named stage");
  const all = stages(build.path);
  const stage = all.find((candidate) => candidate.name === build.target);
  assert.ok(stage, `${build.path} has a stage named ${build.target}`);
  return { all, stage };
}

async function hasComposeCli(): Promise<boolean> {
  const args = ["compose", "version"];
  try {
    return (await new Deno.Command("docker", { args, stdout: "null", stderr: "null" }).output())
      .success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

Deno.test("the compose file defines the db, migrate, api and caddy services", () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ["api", "caddy", "db", "migrate"]);
});

Deno.test("db runs an official postgres image on a named volume, checked with pg_isready", () => {
  assert.match(db.image ?? "", /^postgres:\d+(\.\d+)?(-[a-z0-9]+)?$/, "postgres:<major>[-variant]");
  const [volume] =
    db.volumes?.map((entry) =>
      typeof entry === "string" ? entry.split(":") : [entry.source, entry.target]
    ).find(([, target]) => target?.startsWith("/var/lib/postgresql")) ?? [];
  assert.ok(volume && volume in (compose.volumes ?? {}), "a top-level named volume holds the data");
  assert.match(words(db.healthcheck?.test), /pg_isready/);
});

Deno.test("migrate runs deno task db:migrate once, from the API image, after db is healthy", () => {
  assert.equal(words(migrate.command), "deno task db:migrate");
  assert.ok(migrate.restart === undefined || migrate.restart === "no", "migrate is not restarted");
  assert.deepEqual(buildOf(migrate), buildOf(api));
  assert.equal(migrate.image, api.image);
  assert.equal(condition(migrate, "db"), "service_healthy");
});

Deno.test("api waits for db and migrate, checks /health/ready and runs two unpublished replicas", () => {
  assert.equal(condition(api, "db"), "service_healthy");
  assert.equal(condition(api, "migrate"), "service_completed_successfully");
  assert.match(words(api.healthcheck?.test), /\/health\/ready/);
  assert.equal(api.deploy?.replicas, 2);
  assert.equal(api.ports, undefined);
});

Deno.test("caddy waits for a healthy api, carries the Caddyfile and alone publishes ports", () => {
  assert.equal(condition(caddy, "api"), "service_healthy");
  const mounted = caddy.volumes?.some((entry) => JSON.stringify(entry).includes("Caddyfile"));
  const copied = stageOf(caddy).stage.instructions
    .some(([name, args]) => name === "COPY" && /^Caddyfile\s/.test(args));
  assert.ok(mounted || copied, "the repository's Caddyfile is mounted or copied into the image");
  assert.match(environment(caddy).SITE_ADDRESS ?? "", variable, "SITE_ADDRESS comes from .env");
  assert.ok(environment(caddy).API_UPSTREAMS, "API_UPSTREAMS names the api service");
  const publishing = Object.entries(compose.services).filter(([, service]) => service.ports);
  assert.deepEqual(publishing.map(([name]) => name), ["caddy"]);
});

Deno.test("every build names an existing Dockerfile and stage", () => {
  const built = Object.values(compose.services).filter((service) => service.build);
  assert.ok(built.length >= 2, "the API and Caddy images are built here");
  for (const service of built) {
    assert.ok(Deno.statSync(new URL(buildOf(service)!.path, ROOT)).isFile);
    if (buildOf(service)!.target) stageOf(service);
  }
});

Deno.test("the compose file uses exactly the variables .env.example documents", () => {
  const names = (text: string, pattern: RegExp) =>
    [...new Set(Array.from(text.matchAll(pattern), (match) => match[1]))].sort();
  // "$$" is Compose's escape for a "$" left to the container's shell.
  const used = names(composeText.replaceAll("$$", ""), /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g);
  assert.deepEqual(used, names(read(".env.example"), /^([A-Za-z_][A-Za-z0-9_]*)=/gm));
});

Deno.test("secrets come from variables, never from literal values", () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [key, value] of Object.entries(environment(service))) {
      if (!/SECRET|PASSWORD|_KEY$|DATABASE_URL/.test(key)) continue;
      assert.match(value, variable, `${name}: ${key} must be a \${VARIABLE}`);
    }
  }
  assert.match(environment(api).SECRET_KEY ?? "", variable);
  assert.match(environment(db).POSTGRES_PASSWORD ?? "", variable);
  for (const secret of ["SECRET_KEY", "POSTGRES_PASSWORD", "DATABASE_APP_PASSWORD"]) {
    assert.match(read(".env.example"), new RegExp(`^${secret}=$`, "m"), `${secret} left empty`);
  }
});

/** .env.example's settings, `${NAME}` expanded as compose does; an empty secret reads `<NAME>`. */
function exampleEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name, value] of read(".env.example").matchAll(/^([A-Za-z_]\w*)=(.*)$/gm)) {
    env[name] = value.replace(/\$\{(\w+)\}/g, (_, used) => env[used] ?? "") || `<${name}>`;
  }
  return env;
}

/** The variable a compose value comes from: `${NAME:?…}` → NAME. */
const source = (value = "") => /^\$\{([A-Za-z_]\w*)/.exec(value)?.[1] ?? "";

Deno.test("the API connects as its own role and its environment holds no owner credential", () => {
  const env = exampleEnv();
  const apiEnv = environment(api);
  const url = new URL(env[source(apiEnv.DATABASE_URL)]);
  assert.equal(url.username, env.DATABASE_APP_ROLE);
  assert.equal(url.password, "%3CDATABASE_APP_PASSWORD%3E", "the app role's own password");
  const owner = environment(db).POSTGRES_USER;
  assert.notEqual(url.username, owner);
  for (const [key, value] of Object.entries(apiEnv)) {
    assert.doesNotMatch(value, /POSTGRES_PASSWORD|DATABASE_MIGRATE_URL/, `api: ${key}`);
    assert.ok(!env[source(value)]?.includes("<POSTGRES_PASSWORD>"), `api: ${key}`);
  }
});

Deno.test("migrate runs as the schema's owner and gives the API's role its password", () => {
  const env = exampleEnv();
  const migrateEnv = environment(migrate);
  const url = new URL(env[source(migrateEnv.DATABASE_URL)]);
  assert.equal(url.username, environment(db).POSTGRES_USER);
  assert.equal(url.password, "%3CPOSTGRES_PASSWORD%3E");
  assert.equal(source(migrateEnv.DATABASE_APP_ROLE), "DATABASE_APP_ROLE");
  assert.equal(source(migrateEnv.DATABASE_APP_PASSWORD), "DATABASE_APP_PASSWORD");
  assert.equal(env.DATABASE_APP_ROLE, "users_app");
});

Deno.test("the images are multi-stage and non-root, and the API runs deno serve --parallel", () => {
  for (const service of [api, caddy]) {
    const { all, stage } = stageOf(service);
    assert.ok(all.filter((candidate) => candidate.name).length >= 2, "FROM … AS … at least twice");
    const user = inherited(all, stage, "USER")?.split(":")[0] ?? "root";
    assert.ok(!["root", "0"].includes(user), `stage ${stage.name} runs as ${user}`);
  }
  const { all, stage } = stageOf(api);
  const cmd = inherited(all, stage, "CMD") ?? "";
  const argv: string[] = cmd.startsWith("[") ? JSON.parse(cmd) : cmd.split(/\s+/);
  assert.deepEqual(argv.slice(0, 2), ["deno", "serve"]);
  assert.ok(argv.includes("--parallel"), "deno serve --parallel");
});

Deno.test({
  name: "docker compose config accepts the file with .env.example and the secrets set",
  ignore: !await hasComposeCli(),
  async fn() {
    const { success, stderr } = await new Deno.Command("docker", {
      args: ["compose", "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"],
      cwd: ROOT,
      env: {
        SECRET_KEY: "x".repeat(48),
        POSTGRES_PASSWORD: "compose-config-check",
        DATABASE_APP_PASSWORD: "compose-app-check",
      },
      stdout: "null",
    }).output();
    assert.ok(success, new TextDecoder().decode(stderr));
  },
});
