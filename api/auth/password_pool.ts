/**
 * Web Workers that run bcrypt jobs (`password_worker.ts`), at most `size` at once, the rest in
 * FIFO order. A pool made with `lowered` asks each of its workers, before its first job, to lower
 * its own thread's CPU priority (`thread_priority.ts`): such a pool's work gets the cores only
 * when nothing at normal priority wants them.
 */

export type JobBody =
  | { op: "hash"; password: string; rounds: number }
  | { op: "compare"; password: string; hash: string }
  | { op: "lower-priority" };
/** The messages exchanged with `password_worker.ts`; the id ties an answer to its job. */
export type JobRequest = JobBody & { id: number };
export type JobResponse =
  | { id: number; ok: true; value: string | boolean }
  | { id: number; ok: false; error: string };

type Job = {
  request: JobRequest;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
};

export type WorkerPool = {
  readonly size: number;
  run<T extends string | boolean>(body: JobBody): Promise<T>;
  /**
   * Starts a worker if none runs yet and resolves whether it lowered its priority (false for a
   * pool made without `lowered`).
   */
  lowered(): Promise<boolean>;
  /** Terminates the workers; pending and later jobs reject. */
  close(): void;
};

export function createWorkerPool(
  { size, lowered = false }: { size: number; lowered?: boolean },
): WorkerPool {
  // Workers start lazily, one per job waiting while all others are busy: an app built for a test
  // or a one-off command never pays for them, and start-up (~tens of ms) is small next to a hash.
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let firstLowered: Promise<boolean> | undefined;
  // Workers still lowering their priority: each takes a waiting job when done.
  let starting = 0;

  function spawn(): Worker {
    const worker = new Worker(new URL("./password_worker.ts", import.meta.url), {
      type: "module",
    });
    worker.onmessage = (event: MessageEvent<JobResponse>) => settle(worker, event.data);
    worker.onerror = (event) => {
      // Unprevented, a worker's uncaught error is rethrown on the main thread and ends the process.
      event.preventDefault();
      crash(worker, event.message);
    };
    worker.onmessageerror = () => crash(worker, "unreadable message");
    if (lowered) {
      // Its first job: the worker runs its messages in order, so no hash starts before this.
      starting++;
      const answer = new Promise<boolean>((resolve) => {
        const job = {
          request: { op: "lower-priority" as const, id: nextId++ },
          resolve: (value: string | boolean) => {
            starting--;
            resolve(value === true);
          },
          reject: () => {
            starting--;
            resolve(false);
          },
        };
        busy.set(worker, job);
        worker.postMessage(job.request);
      });
      firstLowered ??= answer;
    }
    return worker;
  }

  function dispatch() {
    while (queue.length > 0) {
      let worker = idle.pop();
      if (!worker) {
        if (busy.size >= size || queue.length <= starting) return;
        try {
          worker = spawn();
        } catch (error) {
          // Say, no permission to load the worker: fail the job rather than leave it waiting.
          queue.shift()!.reject(error instanceof Error ? error : new Error(`${error}`));
          continue;
        }
        // Busy lowering its priority; it takes a job when that is done.
        if (busy.has(worker)) continue;
      }
      const job = queue.shift()!;
      busy.set(worker, job);
      worker.postMessage(job.request);
    }
  }

  function settle(worker: Worker, response: JobResponse) {
    const job = busy.get(worker);
    if (job?.request.id !== response.id) return crash(worker, "answer to a job it was not given");
    busy.delete(worker);
    idle.push(worker);
    if (response.ok) job.resolve(response.value);
    else job.reject(new Error(`password worker: ${response.error}`));
    dispatch();
  }

  // The worker's state is unknown after an uncaught error, so it is dropped, not reused; the
  // replacement starts when work is waiting (now, if the queue is not empty).
  function crash(worker: Worker, message: string) {
    worker.terminate();
    const job = busy.get(worker);
    busy.delete(worker);
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
    job?.reject(new Error(`password worker crashed: ${message}`));
    dispatch();
  }

  return {
    size,
    run<T extends string | boolean>(body: JobBody): Promise<T> {
      if (closed) return Promise.reject(new Error("password hasher is closed"));
      return new Promise<T>((resolve, reject) => {
        queue.push({
          request: { ...body, id: nextId++ },
          resolve: resolve as Job["resolve"],
          reject,
        });
        dispatch();
      });
    },
    lowered() {
      if (!lowered || closed) return Promise.resolve(false);
      if (!firstLowered) {
        try {
          spawn();
        } catch {
          return Promise.resolve(false);
        }
      }
      return firstLowered!;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const worker of [...idle, ...busy.keys()]) worker.terminate();
      const orphans = [...busy.values(), ...queue];
      idle.length = 0;
      busy.clear();
      queue.length = 0;
      for (const job of orphans) job.reject(new Error("password hasher is closed"));
    },
  };
}
