import assert from "node:assert/strict";
import { build } from "vite";
import { FIRST_LOAD_BUDGET, firstLoad } from "../bench/client.ts";
import { formatKb } from "../bench/report.ts";

const ROOT = new URL("../", import.meta.url);

// A real production build (into a directory of its own: the browser tests serve dist/ meanwhile),
// weighed as the benchmark weighs it, so that the first load cannot creep back over its budget.
Deno.test({
  name: "the web app's first load (JS + CSS named in index.html, gzip) stays within 100 kB",
  // Vite leaves its worker pool and file watchers to the process.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using dir = await tempDir();
    await build({
      configFile: new URL("vite.config.ts", ROOT).pathname,
      root: new URL("client", ROOT).pathname,
      logLevel: "warn",
      build: { outDir: dir.path, emptyOutDir: true },
    });
    const weight = await firstLoad({ dist: dir.path });
    const total = weight.js + weight.css;
    const files = weight.files.map((file) => `${file.path} ${formatKb(file.gzip)}`).join(", ");
    assert.ok(
      total <= FIRST_LOAD_BUDGET,
      `first load ${formatKb(total)} > ${formatKb(FIRST_LOAD_BUDGET)}: ${files}`,
    );
    // What makes it light: react-bootstrap, zod and the forms' styles load with later pages.
    const html = await Deno.readTextFile(`${dir.path}/index.html`);
    assert.equal(weight.files.filter((file) => file.path.endsWith(".css")).length, 1, files);
    assert.doesNotMatch(html, /bootstrap_more/);
    // Classes that only exist at run time (`btn-${variant}`, `alert-${kind}`) survive the purge.
    const css = await cssOf(dir.path, /^index-.*\.css$/);
    for (const kept of [".btn-outline-dark", ".btn-in-alert", ".alert-danger", ".btn-close"]) {
      assert.ok(css.includes(kept), `the first page's stylesheet lost ${kept}`);
    }
    assert.match(css, /\[data-bs-theme=dark\]/);
    const more = await cssOf(dir.path, /^bootstrap_more-.*\.css$/);
    for (
      const kept of [".modal-dialog", ".form-control", ".is-invalid", ".col-md-6", ".card-body"]
    ) {
      assert.ok(more.includes(kept), `the later pages' stylesheet lost ${kept}`);
    }
    // Every colour a component asks for by prop (`<Badge bg="secondary">`, `<Button
    // variant="danger">`) is a class built at run time: each must be in some stylesheet.
    const allCss = css + more;
    for (const { prop, value, file } of await colourProps(new URL("client/src/", ROOT))) {
      const classes = prop === "bg"
        ? [`.bg-${value}`, `.text-bg-${value}`]
        : [`.btn-${value}`, `.alert-${value}`];
      assert.ok(
        classes.some((name) => allCss.includes(name)),
        `${file}: ${prop}="${value}" has no ${classes.join(" or ")} in the built CSS`,
      );
    }
  },
});

/** The literal `bg="…"` and `variant="…"` props in the app's sources. */
async function colourProps(dir: URL) {
  const found: { prop: string; value: string; file: string }[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) found.push(...await colourProps(url));
    else if (entry.name.endsWith(".tsx")) {
      const text = await Deno.readTextFile(url);
      for (const match of text.matchAll(/\b(bg|variant)="([\w-]+)"/g)) {
        found.push({ prop: match[1], value: match[2], file: entry.name });
      }
    }
  }
  return found;
}

async function cssOf(dist: string, name: RegExp): Promise<string> {
  for await (const entry of Deno.readDir(`${dist}/assets`)) {
    if (name.test(entry.name)) return await Deno.readTextFile(`${dist}/assets/${entry.name}`);
  }
  throw new Error(`no stylesheet named like ${name} in the build`);
}

async function tempDir() {
  const path = await Deno.makeTempDir({ prefix: "users-first-load-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}
