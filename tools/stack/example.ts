/**
 * The example service (examples/exercises) as its own process, as `deno task example:exercises`
 * runs it: started on a port, ready once /exercises/health answers.
 */
const MAIN = new URL("../../examples/exercises/main.ts", import.meta.url).pathname;

export type RunningExample = AsyncDisposable & { url: string; stop(): Promise<void> };

export async function startExample(options: {
  port: number;
  env: Record<string, string>;
  output?: "inherit" | "null";
}): Promise<RunningExample> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN],
    env: { ...options.env, PORT: String(options.port), HOST: "127.0.0.1" },
    stdin: "null",
    stdout: options.output ?? "inherit",
    stderr: options.output ?? "inherit",
  }).spawn();
  let exited = false;
  child.status.then(() => exited = true);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
  };
  const deadline = Date.now() + 30_000;
  while (true) {
    if (exited) throw new Error("the example service exited during start-up");
    try {
      const res = await fetch(`${url}/exercises/health`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the example service did not answer on ${url} within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop, [Symbol.asyncDispose]: stop };
}
