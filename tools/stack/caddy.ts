/** Runs Caddy with the repository's Caddyfile in front of the API and the built app. */
import { CADDY, ensureProgram } from "./system_packages.ts";

export type RunningCaddy = AsyncDisposable & { url: string; stop(): Promise<void> };

type Options = {
  port: number;
  /** host:port of each API process. */
  upstreams: string[];
  siteRoot: string;
  /** Where Caddy's own log goes; by default it is discarded. */
  log?: "inherit" | "null";
};

const CADDYFILE = new URL("../../Caddyfile", import.meta.url).pathname;

export async function startCaddy(options: Options): Promise<RunningCaddy> {
  const caddy = await ensureProgram(CADDY);
  const child = new Deno.Command(caddy, {
    args: ["run", "--config", CADDYFILE, "--adapter", "caddyfile"],
    env: {
      SITE_ADDRESS: `:${options.port}`,
      API_UPSTREAMS: options.upstreams.join(" "),
      SITE_ROOT: options.siteRoot,
    },
    stdin: "null",
    stdout: options.log ?? "null",
    stderr: options.log ?? "null",
  }).spawn();

  const url = `http://127.0.0.1:${options.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
  };

  try {
    await waitUntilServing(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, [Symbol.asyncDispose]: stop };
}

async function waitUntilServing(url: string, child: Deno.ChildProcess) {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error("caddy exited during start-up (run it by hand to see why)");
    try {
      const res = await fetch(`${url}/index.html`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`caddy did not answer on ${url} within 15 s`);
}
