/**
 * Several API processes on consecutive ports, kept alive: one that dies is started again (with a
 * growing pause if it keeps dying), so Caddy's health checks bring it back into rotation. Each
 * process is `deno serve --parallel` with API_WORKERS isolates (default: one per core), started
 * directly rather than through api/main.ts, so that the process killed is the one serving.
 */
const ENTRY = new URL("../../api/deno_serve_entry.ts", import.meta.url).pathname;

export type ApiPool = AsyncDisposable & {
  /** host:port of every process, for Caddy's API_UPSTREAMS. */
  upstreams: string[];
  /** The current process ids, slot by slot. */
  pids(): number[];
  /** Resolves when every slot answers /health/live. */
  healthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

type Options = {
  ports: number[];
  env: Record<string, string>;
  output?: "inherit" | "null";
  log?: (line: string) => void;
};

export async function startApiPool(options: Options): Promise<ApiPool> {
  const log = options.log ?? ((line: string) => console.error(line));
  let stopping = false;
  // Test processes make up a SECRET_KEY each; the isolates and replicas must share one.
  const appEnv = options.env.APP_ENV ?? Deno.env.get("APP_ENV");
  const secret = options.env.SECRET_KEY ?? Deno.env.get("SECRET_KEY") ??
    (appEnv === "test" ? crypto.randomUUID() + crypto.randomUUID() : undefined);
  const slots = options.ports.map((port) => ({ port, child: spawn(port), restarts: 0 }));

  function spawn(port: number): Deno.ChildProcess {
    const workers = options.env.API_WORKERS ?? Deno.env.get("API_WORKERS") ??
      String(navigator.hardwareConcurrency || 1);
    return new Deno.Command(Deno.execPath(), {
      args: [
        "serve",
        "--parallel",
        "--allow-all",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        ENTRY,
      ],
      env: {
        ...options.env,
        ...secret && { SECRET_KEY: secret },
        API_WORKERS: workers,
        DENO_JOBS: workers,
      },
      stdin: "null",
      stdout: options.output ?? "inherit",
      stderr: options.output ?? "inherit",
    }).spawn();
  }

  const watchers = slots.map(async (slot) => {
    while (!stopping) {
      const status = await slot.child.status;
      if (stopping) return;
      const pause = Math.min(5000, 250 * 2 ** Math.min(slot.restarts, 5));
      log(`API on port ${slot.port} exited (${status.signal ?? status.code}); restarting`);
      await new Promise((resolve) => setTimeout(resolve, pause));
      if (stopping) return;
      slot.restarts++;
      slot.child = spawn(slot.port);
    }
  });

  const pool: ApiPool = {
    upstreams: slots.map((slot) => `127.0.0.1:${slot.port}`),
    pids: () => slots.map((slot) => slot.child.pid),
    async healthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (const slot of slots) {
        while (!(await answers(slot.port))) {
          if (Date.now() > deadline) throw new Error(`the API on port ${slot.port} did not start`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      for (const slot of slots) {
        try {
          slot.child.kill("SIGTERM");
        } catch {
          // already gone
        }
      }
      await Promise.all(slots.map((slot) => slot.child.status));
      await Promise.all(watchers);
    },
    [Symbol.asyncDispose]: () => pool.stop(),
  };
  try {
    await pool.healthy();
  } catch (error) {
    await pool.stop();
    throw error;
  }
  return pool;
}

async function answers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`, {
      signal: AbortSignal.timeout(1000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
