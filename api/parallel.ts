/**
 * `deno task api` with API_WORKERS > 1: the same service in API_WORKERS isolates of one process,
 * `deno serve --parallel` sharing one port (SO_REUSEPORT: the kernel spreads connections). Each
 * isolate builds its own service from api/deno_serve_entry.ts: pool, password workers, keyring,
 * auth cache (each is a replica of its own as far as the auth cache's barriers go).
 */
import type { Config } from "./config.ts";

const ENTRY = new URL("./deno_serve_entry.ts", import.meta.url).pathname;

/** Starts the serving process; resolves with its exit code once it has ended. */
export async function serveParallel(config: Config): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      "--allow-all",
      "--host",
      config.host,
      "--port",
      String(config.port),
      ENTRY,
    ],
    // One SECRET_KEY for every isolate, as for every replica: a test process's is made up at
    // start, and each isolate would otherwise make up its own and fail to open the signing key.
    env: { DENO_JOBS: String(config.apiWorkers), SECRET_KEY: config.secretKey },
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
    });
  }
  // deno serve announces itself on stderr; the line other tools wait for goes to stdout.
  const lines = child.stderr.pipeThrough(new TextDecoderStream());
  let buffer = "";
  let announced = false;
  for await (const chunk of lines) {
    if (announced) {
      Deno.stderr.writeSync(new TextEncoder().encode(chunk));
      continue;
    }
    buffer += chunk;
    const match = /Listening on (http:\/\/\S+?)\/? with (\d+) threads/.exec(buffer);
    if (!match) continue;
    announced = true;
    console.log(`users API listening on ${match[1]} (${match[2]} workers)`);
    const rest = buffer.replace(/.*Listening on .*\n?/, "");
    if (rest) Deno.stderr.writeSync(new TextEncoder().encode(rest));
  }
  if (!announced && buffer) Deno.stderr.writeSync(new TextEncoder().encode(buffer));
  return (await child.status).code;
}
