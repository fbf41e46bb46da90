/**
 * `deno run -A bench/profile_status.ts [CHECKOUT] > summary.txt`: a CPU profile of one API
 * isolate (`deno run --cpu-prof`) while `wrk` sends it GET /auth/status at 16 connections for
 * 10 s, summarised as the functions with the most self time. CHECKOUT (default: this one) is the
 * source tree whose api/main.ts is profiled, so an older commit can be profiled the same way
 * (`git archive <commit> | tar -x -C /tmp/old`); the database is migrated by this checkout.
 */
import { createSql, withDatabase, withRole } from "../api/db.ts";
import { spawnApi } from "../api/testing/api_process.ts";
import { DEFAULT_APP_ROLE, migrate } from "../db/migrate.ts";
import { startPostgres } from "../tools/stack/postgres.ts";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const checkout = Deno.args[0] ?? new URL("..", import.meta.url).pathname;
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
    await owner.end();
    const api = await spawnApi({
      DATABASE_URL: withRole(url, DEFAULT_APP_ROLE),
      API_WORKERS: "1",
      RATE_LIMIT_REGISTER_IP: "1000/1m",
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
    const wrk = async (seconds: number) =>
      await new Deno.Command("wrk", {
        args: [
          "-t1",
          "-c16",
          `-d${seconds}s`,
          "-H",
          `Authorization: Bearer ${token}`,
          `${api.url}/auth/status`,
        ],
        stdout: "piped",
      }).output();
    await wrk(2);
    const out = await wrk(10);
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
    console.log(`GET /auth/status, wrk -c16 for 10 s after 2 s of warm-up: ${rate} req/s`);
    console.log(`load average after the run: ${load}; ${navigator.hardwareConcurrency} cores`);
    console.log(`self time, top ${top} functions of the API process (deno run --cpu-prof):`);
    for (const line of summarise(profile)) console.log(line);
  } finally {
    await server.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await Deno.remove(profiles, { recursive: true }).catch(() => {});
  }
}
