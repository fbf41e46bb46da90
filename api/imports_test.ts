import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
// The API and the migrations must work without the development tools. Tests are not part of that
// promise: api/outage_test.ts starts a PostgreSQL of its own with tools/stack/postgres.ts.
const FORBIDDEN = ["tools/", "bench/", "client/", "e2e/"];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) yield path;
  }
}

/** Static imports and exports, and dynamic imports of a literal. */
function relativeImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
  return [...source.matchAll(pattern)].map((match) => match[1]);
}

Deno.test("no module of api/ or db/ imports tools/, bench/, e2e/ or the client", () => {
  const offending: string[] = [];
  let checked = 0;
  for (const top of ["api", "db"]) {
    for (const file of sourceFiles(join(ROOT, top))) {
      checked++;
      for (const specifier of relativeImports(Deno.readTextFileSync(file))) {
        const target = relative(ROOT, join(dirname(file), specifier));
        if (FORBIDDEN.some((dir) => target.startsWith(dir))) {
          offending.push(`${relative(ROOT, file)} imports ${target}`);
        }
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} files found`);
  assert.deepEqual(offending, []);
});

Deno.test("the import check sees static, re-exported and dynamic imports", () => {
  const source = `import { a } from "../tools/a.ts";\nexport { b } from './b.ts';\n` +
    `import "../bench/c.ts";\nconst d = await import("../client/d.ts");\nimport x from "npm:x";`;
  assert.deepEqual(relativeImports(source), [
    "../tools/a.ts",
    "./b.ts",
    "../bench/c.ts",
    "../client/d.ts",
  ]);
});
