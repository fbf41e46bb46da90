import bcrypt from "bcryptjs";

/**
 * CPU time, in ms, that the calling thread (the test's event loop) has used so far, from Linux's
 * /proc/thread-self/stat (user + system, in clock ticks of 10 ms). A check built on CPU time,
 * unlike one built on elapsed time, holds on a busy machine: other processes slow this thread
 * down, but they do not make it use more CPU.
 */
export function threadCpuMs(): number {
  const stat = Deno.readTextFileSync("/proc/thread-self/stat");
  // The fields after the command name (in parentheses, which may hold spaces): utime and stime
  // are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10;
}

/**
 * The CPU time one bcrypt hash at `rounds` takes on the thread that runs it: what the event loop
 * would spend on every hash if hashing ran there. The lesser of two runs.
 */
export function hashCpuMs(rounds: number): number {
  const once = () => {
    const started = threadCpuMs();
    bcrypt.hashSync("a probe password", rounds);
    return threadCpuMs() - started;
  };
  return Math.min(once(), once());
}
