/**
 * The ports `deno task start` listens on, from the environment and the command line, and a check
 * that each is free before anything starts: a taken port is said in one line, with the setting
 * that moves it, instead of a server's failure deep in the start-up.
 */

export type Ports = {
  /** Caddy, the address people open: SITE_PORT or `--port` (default 8080). */
  site: number;
  /** The first API process: PORT (default 8000); replica i listens on api + i. */
  api: number;
  /** The example service (`--with-example`): EXAMPLE_PORT (default 8100). */
  example: number;
};

const DEFAULTS: Ports = { site: 8080, api: 8000, example: 8100 };

/** The ports asked for; throws a one-line message for a value that is not a port. */
export function readPorts(args: string[], env: (name: string) => string | undefined): Ports {
  const flag = flagValue(args, "--port");
  return {
    site: port(
      flag ?? env("SITE_PORT"),
      flag !== undefined ? "--port" : "SITE_PORT",
      DEFAULTS.site,
    ),
    api: port(env("PORT"), "PORT", DEFAULTS.api),
    example: port(env("EXAMPLE_PORT"), "EXAMPLE_PORT", DEFAULTS.example),
  };
}

function flagValue(args: string[], name: string): string | undefined {
  const at = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (at === -1) return undefined;
  return args[at].includes("=") ? args[at].slice(name.length + 1) : args[at + 1] ?? "";
}

function port(value: string | undefined, setting: string, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw new Error(`${setting} must be a port number from 1 to 65535, not "${value}"`);
  }
  return number;
}

/** A port the start-up needs, with the setting that chooses it. */
export type Wanted = { port: number; what: string; setting: string; hostname: string };

/** What `deno task start` will listen on, given its ports and options. */
export function wantedPorts(ports: Ports, options: { replicas: number; example: boolean }) {
  // Caddy listens on every interface; the API and the example only on the loopback.
  const wanted: Wanted[] = [
    { port: ports.site, what: "the site (Caddy)", setting: "SITE_PORT", hostname: "0.0.0.0" },
  ];
  for (let i = 0; i < options.replicas; i++) {
    const what = options.replicas === 1 ? "the API" : `API replica ${i + 1}`;
    wanted.push({ port: ports.api + i, what, setting: "PORT", hostname: "127.0.0.1" });
  }
  if (options.example) {
    wanted.push({
      port: ports.example,
      what: "the example service",
      setting: "EXAMPLE_PORT",
      hostname: "127.0.0.1",
    });
  }
  return wanted;
}

/** The first taken port, said in one line with the setting that changes it; null when all are free. */
export function takenPortProblem(wanted: Wanted[]): string | null {
  const seen = new Map<number, Wanted>();
  for (const want of wanted) {
    const other = seen.get(want.port);
    if (other) {
      return `port ${want.port} is asked for twice (${other.what} and ${want.what}): ` +
        `set ${want.setting} to another port`;
    }
    seen.set(want.port, want);
    if (!isFree(want)) {
      const hint = want.setting === "SITE_PORT"
        ? `SITE_PORT=${suggestion(want)} deno task start (or --port ${suggestion(want)})`
        : `${want.setting}=${suggestion(want)} deno task start`;
      return `port ${want.port} is taken (wanted for ${want.what}): choose another with ${hint}`;
    }
  }
  return null;
}

function isFree({ port, hostname }: Wanted): boolean {
  try {
    Deno.listen({ port, hostname }).close();
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return false;
    throw error;
  }
}

/** A nearby free port to suggest (the next one up that is free, else the same again). */
function suggestion(want: Wanted): number {
  for (let port = want.port + 1; port < Math.min(want.port + 100, 65536); port++) {
    if (isFree({ ...want, port })) return port;
  }
  return want.port + 1;
}
