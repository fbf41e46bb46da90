/**
 * The web app's first-load weight: the JS and CSS that index.html makes the browser fetch before
 * the first render (entry script, modulepreloads, stylesheets), gzipped. Lazy chunks are not in
 * it: they load when their page is opened.
 */
import { gzipSync } from "node:zlib";
import { formatKb, type Row } from "./report.ts";

/** Issue 15: what the first page may weigh (a test of `deno task test` holds the build to it). */
export const FIRST_LOAD_BUDGET = 100_000;

export type FirstLoad = { js: number; css: number; files: { path: string; gzip: number }[] };

/** The same-origin paths of the scripts, modulepreloads and stylesheets that index.html loads. */
export function firstLoadAssets(html: string): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const attr = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag)
        ?.slice(1).find((value) => value !== undefined);
    if (/^<script/i.test(tag)) {
      const src = attr("src");
      if (src) js.push(src);
      continue;
    }
    const rel = (attr("rel") ?? "").toLowerCase().split(/\s+/);
    const href = attr("href");
    if (!href) continue;
    if (rel.includes("modulepreload")) js.push(href);
    else if (rel.includes("stylesheet")) css.push(href);
  }
  return { js: unique(js), css: unique(css) };
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

/** gzip at its usual level (6), the encoding every browser accepts. */
export function gzipSize(bytes: Uint8Array): number {
  return gzipSync(bytes, { level: 6 }).length;
}

/** Weighs the first load from a built dist/ directory or from a running site's URL. */
export async function firstLoad(from: { dist: string } | { url: string }): Promise<FirstLoad> {
  const read = "dist" in from
    ? (path: string) => Deno.readFile(`${from.dist}/${path.replace(/^\//, "")}`)
    : async (path: string) => {
      const res = await fetch(new URL(path, from.url));
      if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    };
  const html = new TextDecoder().decode(await read("/index.html"));
  const assets = firstLoadAssets(html);
  const result: FirstLoad = { js: 0, css: 0, files: [] };
  for (const kind of ["js", "css"] as const) {
    for (const path of assets[kind]) {
      if (/^[a-z]+:|^\/\//i.test(path)) continue; // another origin: not part of our bundle
      const gzip = gzipSize(await read(path));
      result[kind] += gzip;
      result.files.push({ path, gzip });
    }
  }
  return result;
}

/** The table's row: the first load against its budget. */
export async function firstLoadRow(from: { dist: string } | { url: string }): Promise<Row> {
  const weight = await firstLoad(from);
  const total = weight.js + weight.css;
  return {
    metric: "SPA first load: JS + CSS named in index.html, gzip",
    measured: `${formatKb(total)} (JS ${formatKb(weight.js)} + CSS ${formatKb(weight.css)})`,
    reference: "—",
    target: `≤ ${formatKb(FIRST_LOAD_BUDGET)}`,
    pass: total <= FIRST_LOAD_BUDGET,
  };
}
