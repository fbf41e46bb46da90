/**
 * The machine the benchmark runs on: what it is, and how busy it is (from /proc/stat). The
 * benchmark shares its cores with whatever else runs (other people's test suites, say), so before
 * each measurement it waits for a quiet moment rather than compare a figure taken under someone
 * else's load with a reference taken without.
 */

export type CpuTimes = { busy: number; total: number };

/** The aggregate `cpu` line of /proc/stat: idle and iowait count as idle, the rest as busy. */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split("\n").find((row) => row.startsWith("cpu "));
  if (!line) throw new Error("no cpu line in /proc/stat");
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/)
    .slice(1, 9).map((field) => Number(field) || 0);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** The fraction (0 to 1) of all cores that were busy during the next `ms`; undefined without /proc. */
export async function cpuBusy(ms = 500): Promise<number | undefined> {
  const read = () => Deno.readTextFile("/proc/stat").then(parseProcStat);
  let before: CpuTimes;
  try {
    before = await read();
  } catch {
    return undefined;
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await read();
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/**
 * Waits until at most `threshold` of the CPU is busy (our own stack is idle between
 * measurements, so what remains is other work), for up to `maxSeconds`. Returns the last reading
 * when the machine never became quiet, undefined when it did.
 */
export async function waitForQuiet(
  log: (line: string) => void,
  options: { threshold?: number; maxSeconds?: number } = {},
): Promise<number | undefined> {
  const threshold = options.threshold ?? 0.15;
  const deadline = Date.now() + (options.maxSeconds ?? 20) * 1000;
  let said = false;
  while (true) {
    const busy = await cpuBusy();
    if (busy === undefined || busy <= threshold) return undefined;
    if (Date.now() >= deadline) return busy;
    if (!said) log(`other processes keep ${Math.round(busy * 100)}% of the CPU busy: waiting`);
    said = true;
  }
}

/** One line on the machine and the tools, for the record in docs/benchmarks.md. */
export async function describeMachine(): Promise<string> {
  const text = async (cmd: string, args: string[]) => {
    try {
      const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
      return new TextDecoder().decode(out.stdout).trim();
    } catch {
      return "";
    }
  };
  const nproc = await text("nproc", []);
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown CPU";
  const deno = (await text(Deno.execPath(), ["--version"])).split("\n")[0];
  const wrk = (await text("wrk", ["--version"])).split(" ").slice(0, 2).join(" ");
  return `\`nproc\` ${nproc} (${cpu}), ${deno}, ${wrk}`;
}

/** From /proc/PID/stat: the parent, and the CPU ticks of the process and its reaped children. */
export function parsePidStat(text: string): { ppid: number; ticks: number } {
  // The command name (field 2) may hold spaces and parentheses: split after its last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).trim().split(" ");
  const field = (n: number) => Number(fields[n - 3]) || 0; // fields[0] is field 3, the state
  return { ppid: field(4), ticks: field(14) + field(15) + field(16) + field(17) };
}

/**
 * CPU ticks of `roots` and all their descendants. Children that already exited are counted too,
 * through their parent's cutime and cstime, so a `wrk` that ends inside the window is not lost.
 */
export function treeTicks(
  processes: Map<number, { ppid: number; ticks: number }>,
  roots: number[],
): number {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of processes) children.set(ppid, [...children.get(ppid) ?? [], pid]);
  const seen = new Set<number>();
  const queue = roots.filter((pid) => processes.has(pid));
  let ticks = 0;
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    ticks += processes.get(pid)!.ticks;
    queue.push(...children.get(pid) ?? []);
  }
  return ticks;
}

async function readProcesses(): Promise<Map<number, { ppid: number; ticks: number }>> {
  const processes = new Map<number, { ppid: number; ticks: number }>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      processes.set(
        Number(entry.name),
        parsePidStat(await Deno.readTextFile(`/proc/${entry.name}/stat`)),
      );
    } catch {
      // exited while we looked
    }
  }
  return processes;
}

/**
 * Starts watching how much CPU processes outside `roots` (this benchmark and the servers it
 * started) take; the returned function tells how many cores they used on average since. Undefined
 * where there is no /proc.
 */
export async function watchOthers(
  roots: number[],
): Promise<(() => Promise<number>) | undefined> {
  const sample = async () => {
    const [stat, processes] = await Promise.all([
      Deno.readTextFile("/proc/stat").then(parseProcStat),
      readProcesses(),
    ]);
    return { ...stat, ours: treeTicks(processes, roots) };
  };
  let before: Awaited<ReturnType<typeof sample>>;
  try {
    before = await sample();
  } catch {
    return undefined;
  }
  return async () => {
    const after = await sample();
    const total = after.total - before.total;
    const others = after.busy - before.busy - (after.ours - before.ours);
    return total > 0 ? Math.max(0, others / total) * navigator.hardwareConcurrency : 0;
  };
}
