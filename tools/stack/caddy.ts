/** Runs Caddy with the repository's Caddyfile in front of the API and the built app. */
import { freePort } from "./postgres.ts";
import { CADDY, ensureProgram } from "./system_packages.ts";

export type RunningCaddy = AsyncDisposable & {
  url: string;
  /** With `https`: a client that trusts the site's certificate, for fetch(url, { client }). */
  client?: Deno.HttpClient;
  stop(): Promise<void>;
};

type Options = {
  port: number;
  /** host:port of each API process. */
  upstreams: string[];
  /** host:port of the example service (examples/exercises), served at /exercises/. */
  exampleUpstream?: string;
  siteRoot: string;
  /** Where Caddy's own log goes; by default it is discarded. */
  log?: "inherit" | "null";
  /**
   * Serve https://localhost:PORT with a certificate from Caddy's own CA, kept in this directory,
   * as production serves its domain (with a public CA there).
   */
  https?: { dataDir: string };
};

const CADDYFILE = new URL("../../Caddyfile", import.meta.url).pathname;

export async function startCaddy(options: Options): Promise<RunningCaddy> {
  const caddy = await ensureProgram(CADDY);
  const { https } = options;
  const url = https ? `https://localhost:${options.port}` : `http://127.0.0.1:${options.port}`;
  const child = new Deno.Command(caddy, {
    args: ["run", "--config", CADDYFILE, "--adapter", "caddyfile"],
    env: {
      SITE_ADDRESS: https ? url : `:${options.port}`,
      API_UPSTREAMS: options.upstreams.join(" "),
      ...options.exampleUpstream && { EXAMPLE_UPSTREAMS: options.exampleUpstream },
      SITE_ROOT: options.siteRoot,
      ...https && {
        // The redirect server Caddy adds for an HTTPS site must not need port 80.
        CADDY_HTTP_PORT: String(freePort()),
        CADDY_HTTPS_PORT: String(options.port),
        XDG_DATA_HOME: https.dataDir,
        XDG_CONFIG_HOME: https.dataDir,
      },
    },
    stdin: "null",
    stdout: options.log ?? "null",
    stderr: options.log ?? "null",
  }).spawn();

  let client: Deno.HttpClient | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client?.close();
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
  };

  try {
    await waitUntilServing(url, child, async () => {
      if (!https || client) return client;
      const root = `${https.dataDir}/caddy/pki/authorities/local/root.crt`;
      // Caddy writes its CA a moment after it starts; until then there is nothing to trust.
      const caCert = await Deno.readTextFile(root).catch(() => undefined);
      return client = caCert ? Deno.createHttpClient({ caCerts: [caCert] }) : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, client, stop, [Symbol.asyncDispose]: stop };
}

async function waitUntilServing(
  url: string,
  child: Deno.ChildProcess,
  trusting: () => Promise<Deno.HttpClient | undefined>,
) {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error("caddy exited during start-up (run it by hand to see why)");
    try {
      const client = await trusting();
      // Deno's fetch takes a client; the DOM's RequestInit type does not know it.
      const init = { client, signal: AbortSignal.timeout(1000) } as RequestInit;
      const res = await fetch(`${url}/index.html`, init);
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`caddy did not answer on ${url} within 15 s`);
}
