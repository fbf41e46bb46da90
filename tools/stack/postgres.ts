/**
 * Local PostgreSQL servers for development and tests, run from the installed server binaries.
 * As root, initdb and postgres refuse to run, so they run as the `postgres` user.
 */
export type LocalPostgres = {
  /** Connection URL for the `postgres` superuser and database. */
  url: string;
  port: number;
  dataDir: string;
  /** False when a server was already running on the data directory and is being reused. */
  started: boolean;
  stop(): Promise<void>;
};

type Options = {
  dataDir: string;
  port?: number;
  /** Trade durability for speed: for throwaway test servers only. */
  ephemeral?: boolean;
};

const isRoot = Deno.uid() === 0;

/** Starts (initialising if needed) a server in `dataDir`, or reuses the one already running there. */
export async function startPostgres(options: Options): Promise<LocalPostgres> {
  const bin = await serverBinDir();
  const { dataDir } = options;
  await Deno.mkdir(dataDir, { recursive: true });
  if (isRoot) await run(["chown", "postgres:postgres", dataDir]);

  if (!(await exists(`${dataDir}/PG_VERSION`))) {
    await run([
      `${bin}/initdb`,
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
    ], { asPostgres: true });
  }

  const running = await runningPort(dataDir);
  if (running !== undefined) {
    return handle(bin, dataDir, running, false);
  }

  const port = options.port && portIsFree(options.port) ? options.port : freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dataDir}`,
    "-c max_connections=300",
  ];
  if (options.ephemeral) {
    settings.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
  }
  await run([
    `${bin}/pg_ctl`,
    "-D",
    dataDir,
    "-l",
    `${dataDir}/server.log`,
    "-w",
    "-t",
    "60",
    "-o",
    settings.join(" "),
    "start",
  ], { asPostgres: true });
  return handle(bin, dataDir, port, true);
}

function handle(bin: string, dataDir: string, port: number, started: boolean): LocalPostgres {
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    started,
    stop: () =>
      run([`${bin}/pg_ctl`, "-D", dataDir, "-m", "fast", "-w", "stop"], { asPostgres: true }),
  };
}

/** The directory holding `postgres`, `initdb` and `pg_ctl`; installs the server on Debian as root. */
export async function serverBinDir(): Promise<string> {
  const found = await findBinDir();
  if (found) return found;
  if (isRoot && await exists("/usr/bin/apt-get")) {
    console.error("PostgreSQL server not found: installing the Debian package `postgresql`…");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    await run(["apt-get", "update", "-q"], { env });
    await run(["apt-get", "install", "-y", "-q", "postgresql"], { env });
    const installed = await findBinDir();
    if (installed) return installed;
  }
  throw new Error(
    "No PostgreSQL server found: install PostgreSQL (e.g. `apt-get install postgresql`) or set DATABASE_URL.",
  );
}

async function findBinDir(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("PG_BIN");
  if (fromEnv) return fromEnv;
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir("/usr/lib/postgresql")) {
      if (/^\d+$/.test(entry.name)) versions.push(Number(entry.name));
    }
  } catch {
    // not a Debian-style layout
  }
  for (const version of versions.sort((a, b) => b - a)) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (await exists(`${dir}/postgres`)) return dir;
  }
  try {
    const out = await new Deno.Command("pg_config", { args: ["--bindir"], stderr: "null" })
      .output();
    const dir = new TextDecoder().decode(out.stdout).trim();
    if (out.success && await exists(`${dir}/postgres`)) return dir;
  } catch {
    // pg_config not on PATH
  }
  return undefined;
}

/** The port of the server running on `dataDir`, read from its live postmaster.pid. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await Deno.readTextFile(`${dataDir}/postmaster.pid`)).split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    Deno.kill(pid, "SIGCONT"); // signal 0 is not offered; SIGCONT is harmless to a running server
  } catch {
    return undefined; // stale pid file: pg_ctl start cleans it up
  }
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

export function portIsFree(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

type RunOptions = { asPostgres?: boolean; env?: Record<string, string> };

async function run(cmd: string[], options: RunOptions = {}): Promise<void> {
  const argv = options.asPostgres && isRoot ? ["runuser", "-u", "postgres", "--", ...cmd] : cmd;
  const out = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    env: options.env,
    stdout: "piped",
    stderr: "piped",
    // runuser keeps the working directory, which the postgres user may not be allowed to enter
    cwd: options.asPostgres ? "/" : undefined,
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd.join(" ")} failed (exit ${out.code}):\n${text.trim()}`);
  }
}
