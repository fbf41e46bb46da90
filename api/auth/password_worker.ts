/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * Runs one bcrypt job per message for the pool in `password_pool.ts`. Validation lives in
 * `passwords.ts`; this file only does the CPU work, so it stays small enough to trust at a glance.
 */
import bcrypt from "bcryptjs";
import type { JobRequest, JobResponse } from "./password_pool.ts";
import { lowerThreadPriority } from "./thread_priority.ts";

self.onmessage = (event: MessageEvent<JobRequest>) => {
  const job = event.data;
  let response: JobResponse;
  try {
    const value = job.op === "hash"
      ? bcrypt.hashSync(job.password, job.rounds)
      : job.op === "compare"
      ? bcrypt.compareSync(job.password, job.hash)
      : lowerThreadPriority();
    response = { id: job.id, ok: true, value };
  } catch (error) {
    response = {
      id: job.id,
      ok: false,
      error: error instanceof Error ? error.message : `${error}`,
    };
  }
  self.postMessage(response);
};
