/**
 * The layout's one-way imports (README, "Layout"), checked over every source file, so a change
 * that breaks the direction fails here instead of growing a tangle.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));
const SKIP = new Set([".git", ".data", "dist", "node_modules"]);

type Import = { from: string; to: string };

/** Why an import breaks the layout, or undefined when it is allowed. Paths are from the root. */
export function violation({ from, to }: Import): string | undefined {
  const feature = (path: string) => /^client\/src\/features\/([^/]+)\//.exec(path)?.[1];
  const apiFeature = (path: string) => /^api\/([^/]+)\/[^/]+$/.exec(path)?.[1];
  const under = (path: string, ...roots: string[]) => roots.some((r) => path.startsWith(r + "/"));

  if (under(from, "client/src/lib", "client/src/components")) {
    if (under(to, "client/src/features", "client/src/app")) {
      return "client lib/ and components/ are shared: they never import features/ or app/";
    }
  }
  if (feature(from) && under(to, "client/src/app")) return "a feature never imports app/";
  if (feature(from) && feature(to) && feature(from) !== feature(to)) {
    return "no client feature imports another feature";
  }
  if (under(from, "api") && under(to, "client", "tools", "bench", "e2e")) {
    return "api/ never imports the client, tools, bench or e2e";
  }
  if (under(from, "db") && under(to, "client", "tools", "bench", "e2e")) {
    return "db/ never imports the client, tools, bench or e2e";
  }
  if (under(from, "client") && under(to, "tools", "bench", "e2e", "db")) {
    return "the client never imports tools, bench, e2e or db";
  }
  if (under(from, "api") && under(to, "api")) {
    const name = to.split("/").pop();
    const source = from.split("/").pop();
    // Routes are mounted by app.ts only; the flow runs routes → service → queries → db.
    if (name === "routes.ts" && apiFeature(to) !== apiFeature(from) && from !== "api/app.ts") {
      return "a feature's routes are mounted by api/app.ts, never imported by another feature";
    }
    if (source === "queries.ts" && (name === "service.ts" || name === "routes.ts")) {
      return "queries.ts is below the service and the routes";
    }
    if (source === "service.ts" && name === "routes.ts") return "service.ts is below the routes";
  }
  return undefined;
}

/** The relative module specifiers a source file imports or re-exports, static or dynamic. */
export function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gms),
    ...source.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]);
  return [...new Set(found)].filter((specifier) => specifier.startsWith("."));
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield path;
  }
}

Deno.test("every import in the tree follows the layout's direction", async () => {
  const problems: string[] = [];
  let checked = 0;
  for await (const file of sourceFiles(ROOT)) {
    const from = relative(ROOT, file);
    for (const specifier of specifiers(await Deno.readTextFile(file))) {
      const to = relative(ROOT, join(dirname(file), specifier));
      checked++;
      const why = violation({ from, to });
      if (why) problems.push(`${from} imports ${to}: ${why}`);
    }
  }
  assert.ok(checked > 300, `only ${checked} imports found: is the scan still reading the tree?`);
  assert.deepEqual(problems, []);
});

Deno.test("the layout check catches each kind of wrong import", () => {
  const wrong: Import[] = [
    { from: "client/src/lib/api.ts", to: "client/src/features/users/api.ts" },
    { from: "client/src/components/x.tsx", to: "client/src/app/router.tsx" },
    { from: "client/src/features/users/a.tsx", to: "client/src/features/admin_users/b.ts" },
    { from: "client/src/features/users/a.tsx", to: "client/src/app/layout.tsx" },
    { from: "api/users/service.ts", to: "tools/stack/postgres.ts" },
    { from: "api/app.ts", to: "client/src/lib/api.ts" },
    { from: "api/cli/user_create.ts", to: "bench/main.ts" },
    { from: "db/cli.ts", to: "tools/stack/dev_database.ts" },
    { from: "client/src/lib/x.ts", to: "db/migrate.ts" },
    { from: "api/audit/routes.ts", to: "api/users/routes.ts" },
    { from: "api/auth/queries.ts", to: "api/auth/service.ts" },
    { from: "api/users/service.ts", to: "api/users/routes.ts" },
  ];
  for (const edge of wrong) assert.ok(violation(edge), `${edge.from} → ${edge.to} passed`);
  const right: Import[] = [
    { from: "client/src/features/users/a.tsx", to: "client/src/features/users/api.ts" },
    { from: "client/src/features/users/a.tsx", to: "client/src/lib/api.ts" },
    { from: "client/src/app/router.tsx", to: "client/src/features/users/users_page.tsx" },
    { from: "client/src/lib/api.ts", to: "api/app.ts" },
    { from: "api/app.ts", to: "api/users/routes.ts" },
    { from: "api/auth/service.ts", to: "api/users/service.ts" },
    { from: "api/users/service.ts", to: "api/auth/queries.ts" },
    { from: "tools/start.ts", to: "api/http_server.ts" },
  ];
  for (const edge of right) assert.equal(violation(edge), undefined, `${edge.from} → ${edge.to}`);
});

Deno.test("specifiers finds static, multi-line, type-only, re-exported and dynamic imports", () => {
  const source = `import { a } from "./a.ts";
import {
  b,
  c,
} from "../b.ts";
import type { D } from "./d.ts";
export { e } from "./e.ts";
import "./side_effect.ts";
const lazy = () => import("./lazy.tsx");
import { z } from "zod";`;
  assert.deepEqual(specifiers(source).sort(), [
    "../b.ts",
    "./a.ts",
    "./d.ts",
    "./e.ts",
    "./lazy.tsx",
    "./side_effect.ts",
  ]);
});

Deno.test("the README's layout names every folder of the tree, api/ and client/src/", async () => {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const section = /^## Layout\n[\s\S]*?```\n([\s\S]*?)```/m.exec(readme)?.[1];
  assert.ok(section, "README.md has a Layout section with a code block");
  const folders = async (dir: string) => {
    const names = [];
    for await (const entry of Deno.readDir(join(ROOT, dir))) {
      if (entry.isDirectory && !entry.name.startsWith(".") && !SKIP.has(entry.name)) {
        names.push(entry.name);
      }
    }
    return names;
  };
  const missing = [
    ...(await folders(".")).filter((name) => name !== "client").map((name) => `${name}/`),
    ...(await folders("api")).map((name) => `api/${name}/`),
    ...(await folders("client/src")).map((name) => `client/src/${name}/`),
  ].filter((path) => !section.includes(path));
  const features = (await folders("client/src/features")).filter((name) =>
    !new RegExp(`\\b${name}\\b`).test(section)
  );
  assert.deepEqual([...missing, ...features], []);
});
