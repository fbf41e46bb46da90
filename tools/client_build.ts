/**
 * Builds the web app into dist/ with Vite, skipping the work when nothing it is built from
 * changed since the last build (a fingerprint of the inputs is kept in dist/).
 */
import { build } from "vite";

const ROOT = new URL("../", import.meta.url);
const DIST = new URL("dist/", ROOT);
const STAMP = new URL(".build-fingerprint", DIST);
// What the bundle is made of: the app, the shared API types and schemas, the toolchain pins.
const INPUTS = ["client", "api", "vite.config.ts", "deno.json", "deno.lock"];

export async function buildClient(options: { force?: boolean; quiet?: boolean } = {}) {
  const fingerprint = await inputsFingerprint();
  if (!options.force && await readStamp() === fingerprint) return false;
  await build({
    configFile: new URL("vite.config.ts", ROOT).pathname,
    root: new URL("client", ROOT).pathname,
    logLevel: options.quiet ? "warn" : "info",
  });
  await Deno.writeTextFile(STAMP, fingerprint);
  return true;
}

async function readStamp(): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(STAMP);
  } catch {
    return undefined;
  }
}

async function inputsFingerprint(): Promise<string> {
  const entries: string[] = [];
  for (const input of INPUTS) await collect(new URL(input, ROOT), input, entries);
  const data = new TextEncoder().encode(entries.sort().join("\n"));
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function collect(url: URL, name: string, entries: string[]) {
  const info = await Deno.stat(url).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory) {
    for await (const entry of Deno.readDir(url)) {
      await collect(
        new URL(`${url.pathname}/${entry.name}`, "file:"),
        `${name}/${entry.name}`,
        entries,
      );
    }
    return;
  }
  entries.push(`${name} ${info.size} ${info.mtime?.getTime()}`);
}

if (import.meta.main) {
  const force = !Deno.args.includes("--if-stale");
  const built = await buildClient({ force });
  if (!built) console.log("dist/ is up to date");
}
