/**
 * Lowers the calling thread's CPU priority, for the password workers that hash work any stranger
 * can ask for (logins from unknown browsers). Linux's nice value is per thread: setpriority with
 * PRIO_PROCESS and a thread id changes that thread only, not the event loops or the other workers.
 * An unprivileged process may lower a thread's priority but never raise it again, so such a
 * thread serves untrusted work for the rest of its life. Needs FFI (libc's `setpriority` and
 * `gettid`): where it is missing (no `--allow-ffi`, another OS, another libc) this answers false
 * and the caller keeps one pool at normal priority.
 */

/** The nice value of untrusted hashing: the lowest priority, a weight of 15 against 0's 1024. */
export const UNTRUSTED_NICE = 19;

const PRIO_PROCESS = 0;

/** Whether the calling thread now runs at nice UNTRUSTED_NICE. Never throws, never prompts. */
export function lowerThreadPriority(): boolean {
  if (Deno.build.os !== "linux") return false;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return false;
    const libc = Deno.dlopen("libc.so.6", {
      gettid: { parameters: [], result: "i32" },
      setpriority: { parameters: ["i32", "u32", "i32"], result: "i32" },
    });
    try {
      const tid = libc.symbols.gettid();
      return libc.symbols.setpriority(PRIO_PROCESS, tid, UNTRUSTED_NICE) === 0;
    } finally {
      libc.close();
    }
  } catch {
    return false;
  }
}
