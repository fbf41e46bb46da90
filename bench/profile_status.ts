/**
 * `deno run -A bench/profile_status.ts [--introspect] [CHECKOUT] > summary.txt`: a CPU profile of
 * one API isolate (`deno run --cpu-prof`) while `wrk` sends it GET /auth/status at 16 connections
 * for 10 s (with `--introspect`: POST /auth/introspect of that token, with the Basic credentials of
 * a service registered for the run, at 4 connections as in the benchmark), summarised as the
 * functions with the most self time, with the CPU time the API and PostgreSQL took meanwhile.
 * CHECKOUT (default: this one) is the source tree whose api/main.ts is profiled, so an older commit
 * can be profiled the same way (`git archive <commit> | tar -x -C /tmp/old`); the database is
 * migrated by this checkout.
 */
import { createSql, withDatabase, withRole } from "../api/db.ts";
import { spawnApi } from "../api/testing/api_process.ts";
import { DEFAULT_APP_ROLE, migrate } from "../db/migrate.ts";
import { startPostgres } from "../tools/stack/postgres.ts";
import { registerService } from "../api/services/service.ts";
import { introspectRequests } from "./introspect.ts";
import { wrkScript } from "./wrk.ts";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const introspecting = Deno.args.includes("--introspect");
const checkout = Deno.args.find((arg) => !arg.startsWith("--")) ??
  new URL("..", import.meta.url).pathname;
const top = 25;

/** Self time per function (name, file, line), largest first, as "percent  ms  function  where". */
export function summarise(profile: Profile, limit = top): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byNode.get(id)!.callFrame;
    const file = frame.url.replace(/^.*\/(node_modules|npm|ext|src)\//, "$1/").replace(
      /^file:\/\/.*?\/(api|bench|db)\//,
      "$1/",
    );
    const key = `${frame.functionName || "(anonymous)"}  ${file}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key, us]) =>
    `${(100 * us / total).toFixed(1).padStart(5)}%  ${
      (us / 1000).toFixed(0).padStart(6)
    } ms  ${key}`
  );
}

const TICKS = 100; // USER_HZ: /proc's CPU times are in hundredths of a second on Linux

/** User + system CPU seconds of these processes and their threads so far. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks / TICKS;
}

/** The postmaster of the data directory and its children (the backends). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(Deno.readTextFileSync(`${dataDir}/postmaster.pid`).split("\n")[0]);
  const pids = [postmaster];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster) {
        pids.push(Number(entry.name));
      }
    } catch {
      // gone
    }
  }
  return pids;
}

function busy(profile: Profile): number {
  const idle = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === "(idle)").map((node) => node.id),
  );
  return profile.samples.reduce(
    (sum, id, i) => idle.has(id) ? sum : sum + profile.timeDeltas[i],
    0,
  );
}

if (import.meta.main) {
  const dataDir = await Deno.makeTempDir({ prefix: "users-profile-pg-" });
  const profiles = await Deno.makeTempDir({ prefix: "users-profile-" });
  const server = await startPostgres({ dataDir, ephemeral: true });
  try {
    const admin = createSql(server.url, { max: 1 });
    await admin`create database profile`;
    await admin.end();
    const url = withDatabase(server.url, "profile");
    const owner = createSql(url, { max: 1 });
    await migrate(owner, { log: () => {} });
    const service = await registerService(owner, "profiled");
    await owner.end();
    const api = await spawnApi({
      DATABASE_URL: withRole(url, DEFAULT_APP_ROLE),
      API_WORKERS: "1",
      RATE_LIMIT_REGISTER_IP: "1000/1m",
      RATE_LIMIT_INTROSPECT: "1000000/1m",
    }, {
      permissions: ["--allow-all", "--cpu-prof", `--cpu-prof-dir=${profiles}`],
      main: `${checkout}/api/main.ts`,
    });
    const res = await fetch(`${api.url}/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        username: "profiled",
        email: "profiled@example.com",
        password: "Profile-Lantern-Quartz-42",
      }),
    });
    const token = (await res.json()).auth_token;
    const { clientId } = service.service;
    const request = introspecting
      ? introspectRequests(api.url, token, { clientId, clientSecret: service.clientSecret }, 4)
        .introspect
      : { url: `${api.url}/auth/status`, headers: { Authorization: `Bearer ${token}` } };
    const script = await Deno.makeTempFile({ suffix: ".lua" });
    await Deno.writeTextFile(script, wrkScript(request));
    const wrk = async (seconds: number) =>
      await new Deno.Command("wrk", {
        args: [
          "-t1",
          `-c${introspecting ? 4 : 16}`,
          `-d${seconds}s`,
          "-s",
          script,
          request.url,
        ],
        stdout: "piped",
      }).output();
    await wrk(2);
    const before = {
      api: cpuSeconds([api.process.pid]),
      postgres: cpuSeconds(postgresPids(dataDir)),
    };
    const out = await wrk(10);
    const used = {
      api: cpuSeconds([api.process.pid]) - before.api,
      postgres: cpuSeconds(postgresPids(dataDir)) - before.postgres,
    };
    await Deno.remove(script);
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(new TextDecoder().decode(out.stdout))?.[1];
    await api[Symbol.asyncDispose]();
    // One profile per isolate (the password workers too): the busiest one served the requests.
    const all: Profile[] = [];
    for (const file of Deno.readDirSync(profiles)) {
      if (file.name.endsWith(".cpuprofile")) {
        all.push(JSON.parse(await Deno.readTextFile(`${profiles}/${file.name}`)));
      }
    }
    if (all.length === 0) throw new Error("the API wrote no .cpuprofile");
    const profile = all.sort((a, b) => busy(b) - busy(a))[0];
    const load = (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
    const what = introspecting ? "POST /auth/introspect, wrk -c4" : "GET /auth/status, wrk -c16";
    console.log(`${what} for 10 s after 2 s of warm-up: ${rate} req/s`);
    console.log(
      `CPU meanwhile: the API process ${used.api.toFixed(1)} s, PostgreSQL ${
        used.postgres.toFixed(1)
      } s (of 10 s × ${navigator.hardwareConcurrency} cores)`,
    );
    console.log(`load average after the run: ${load}; ${navigator.hardwareConcurrency} cores`);
    console.log(`self time, top ${top} functions of the API process (deno run --cpu-prof):`);
    for (const line of summarise(profile)) console.log(line);
  } finally {
    await server.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await Deno.remove(profiles, { recursive: true }).catch(() => {});
  }
}
