import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { hashCpuMs, threadCpuMs } from "../testing/blocking.ts";
import {
  createPasswordHasher,
  type JobRequest,
  MAX_PASSWORD_LENGTH,
  passwordBytes,
  PasswordTooLongError,
  prehash,
} from "./passwords.ts";

// The lowest cost bcrypt allows: these tests are about the pool, not about bcrypt's strength.
const FAST = { rounds: 4, workers: 2 };

/**
 * Swaps the global Worker for a subclass for one test, to see what the pool starts and sends.
 * `script` may replace the module of the n-th worker started (from 0).
 */
function spyOnWorkers(script?: (index: number) => string | undefined) {
  const RealWorker = globalThis.Worker;
  const spy = {
    started: 0,
    jobs: [] as JobRequest[],
    /** The worker (numbered from 0 as started) each job was sent to. */
    to: [] as number[],
    /** The most jobs sent to workers and not yet answered, at any moment. */
    peak: 0,
    inFlight: 0,
    [Symbol.dispose]() {
      globalThis.Worker = RealWorker;
    },
  };
  globalThis.Worker = class extends RealWorker {
    readonly index = spy.started;
    constructor(url: string | URL, options?: WorkerOptions) {
      super(script?.(spy.started) ?? url, options);
      spy.started++;
      this.addEventListener("message", () => spy.inFlight--);
    }
    override postMessage(message: JobRequest) {
      spy.jobs.push(message);
      spy.to.push(this.index);
      spy.peak = Math.max(spy.peak, ++spy.inFlight);
      super.postMessage(message);
    }
  };
  return spy;
}

Deno.test("passwordBytes counts UTF-8 bytes, not UTF-16 code units", () => {
  assert.equal(passwordBytes("abc"), 3);
  assert.equal(passwordBytes("é"), 2);
  assert.equal(passwordBytes("密"), 3);
  assert.equal(passwordBytes("🔑"), 4);
  assert.equal("🔑".length, 2);
});

Deno.test("a hash verifies its own password and no other", async () => {
  await using hasher = createPasswordHasher(FAST);
  const hash = await hasher.hash("correct horse battery staple");
  assert.equal(await hasher.verify("correct horse battery staple", hash), true);
  assert.equal(await hasher.verify("correct horse battery stapler", hash), false);
  assert.equal(await hasher.verify("", hash), false);
});

Deno.test("hashing the same password twice gives different salted hashes", async () => {
  await using hasher = createPasswordHasher(FAST);
  const [first, second] = await Promise.all([hasher.hash("same"), hasher.hash("same")]);
  assert.notEqual(first, second);
  assert.equal(await hasher.verify("same", first), true);
  assert.equal(await hasher.verify("same", second), true);
});

Deno.test("a hash carries the pool's configured cost", async () => {
  await using hasher = createPasswordHasher({ rounds: 5, workers: 1 });
  const hash = await hasher.hash("secret");
  assert.match(hash, /^\{bcrypt-sha256\}\$2b\$05\$/);
  assert.equal(bcrypt.getRounds(hash.slice("{bcrypt-sha256}".length)), 5);
});

Deno.test("unicode passwords hash and verify byte for byte", async () => {
  await using hasher = createPasswordHasher(FAST);
  const password = "pässwörd 密码 🔑";
  const hash = await hasher.hash(password);
  assert.equal(await hasher.verify(password, hash), true);
  assert.equal(await hasher.verify("passwörd 密码 🔑", hash), false);
  assert.equal(await hasher.verify("pässwörd 密码 🔒", hash), false);
});

Deno.test("every character of a password of the greatest length counts", async () => {
  await using hasher = createPasswordHasher(FAST);
  for (const unit of ["a", "é", "密", "🔑"]) {
    const password = unit.repeat(MAX_PASSWORD_LENGTH);
    const hash = await hasher.hash(password);
    assert.equal(await hasher.verify(password, hash), true);
    // Changing only the last character must fail, or characters before it were dropped.
    const changed = [...password].slice(0, -1).join("") + "b";
    assert.equal(await hasher.verify(changed, hash), false);
  }
});

Deno.test("a password over the greatest length is rejected, never truncated", async () => {
  await using hasher = createPasswordHasher(FAST);
  const hash = await hasher.hash("a".repeat(MAX_PASSWORD_LENGTH));
  // The last one is one character more but twice as many UTF-16 units in its last character.
  for (
    const password of ["a".repeat(MAX_PASSWORD_LENGTH + 1), "🔑".repeat(MAX_PASSWORD_LENGTH + 1)]
  ) {
    await assert.rejects(hasher.hash(password), PasswordTooLongError);
    await assert.rejects(hasher.verify(password, hash), PasswordTooLongError);
    await assert.rejects(hasher.verifyDummy(password), PasswordTooLongError);
  }
});

Deno.test("verify resolves false for a malformed hash", async () => {
  await using hasher = createPasswordHasher(FAST);
  const good = await hasher.hash("secret");
  const malformed = [
    "",
    "not a hash",
    good.slice(0, -1),
    good + "x",
    good.replace("$2b$", "$3b$"),
    good.replace("$2b$", "$2x$"),
    good.replace("$04$", "$99$"),
    good.replace("$04$", "$03$"),
    good.slice(0, -1) + "!",
  ];
  for (const hash of malformed) {
    assert.equal(await hasher.verify("secret", hash), false, `hash ${JSON.stringify(hash)}`);
  }
  assert.equal(await hasher.verify("secret", good), true);
});

Deno.test("verifyDummy resolves false, even for the password that made the dummy", async () => {
  await using hasher = createPasswordHasher(FAST);
  assert.equal(await hasher.verifyDummy("secret"), false);
  assert.equal(await hasher.verifyDummy(""), false);
});

Deno.test("the dummy hash is made once, lazily, in a worker at the pool's cost", async () => {
  using spy = spyOnWorkers();
  await using hasher = createPasswordHasher(FAST);
  assert.equal(spy.jobs.length, 0);
  await Promise.all([hasher.verifyDummy("one"), hasher.verifyDummy("two")]);
  await hasher.verifyDummy("three");
  assert.deepEqual(spy.jobs.map((job) => job.op), ["hash", "compare", "compare", "compare"]);
  const [dummy] = spy.jobs;
  assert.equal(dummy.op === "hash" && dummy.rounds, FAST.rounds);
});

Deno.test("a burst keeps every worker busy at once but starts no more than the pool size", async () => {
  using spy = spyOnWorkers();
  await using hasher = createPasswordHasher(FAST);
  assert.equal(hasher.size, 2);
  assert.equal(spy.started, 0);
  const passwords = Array.from({ length: 9 }, (_, i) => `password ${i}`);
  const hashes = await Promise.all(passwords.map((password) => hasher.hash(password)));
  const checks = await Promise.all(hashes.map((hash, i) => hasher.verify(passwords[i], hash)));
  assert.deepEqual(checks, passwords.map(() => true));
  assert.equal(spy.started, 2);
  assert.equal(spy.peak, 2);
});

Deno.test("queued jobs start in the order they were submitted", async () => {
  using spy = spyOnWorkers();
  await using hasher = createPasswordHasher({ rounds: 4, workers: 1 });
  const finished: number[] = [];
  await Promise.all([0, 1, 2, 3, 4].map(async (i) => {
    await hasher.hash(`password ${i}`);
    finished.push(i);
  }));
  assert.deepEqual(finished, [0, 1, 2, 3, 4]);
  const sent = finished.map((i) => prehash(`password ${i}`));
  assert.deepEqual(spy.jobs.map((job) => "password" in job && job.password), sent);
  assert.equal(spy.peak, 1);
});

Deno.test("a crashed worker fails only its own job and is replaced", async () => {
  const crashing = `data:text/javascript,self.onmessage = () => { throw new Error("boom"); };`;
  // Deno still prints the worker's uncaught "boom" to stderr; the pool handles it all the same.
  using spy = spyOnWorkers((index) => index === 0 ? crashing : undefined);
  await using hasher = createPasswordHasher({ rounds: 4, workers: 1 });
  const doomed = hasher.hash("first");
  const queued = hasher.hash("second");
  await assert.rejects(doomed, (error: Error) => {
    assert.ok(!(error instanceof PasswordTooLongError));
    assert.match(error.message, /crashed.*boom/);
    return true;
  });
  assert.equal(await hasher.verify("second", await queued), true);
  assert.equal(spy.started, 2);
});

Deno.test("close rejects running, queued and later calls, and is idempotent", async () => {
  const hasher = createPasswordHasher({ rounds: 4, workers: 1 });
  const running = hasher.hash("running");
  const queued = hasher.verifyDummy("queued");
  await hasher.close();
  await assert.rejects(running, /closed/);
  await assert.rejects(queued, /closed/);
  await assert.rejects(hasher.hash("later"), /closed/);
  await assert.rejects(hasher.verify("later", "$2b$04$" + "a".repeat(53)), /closed/);
  await assert.rejects(hasher.verifyDummy("later"), /closed/);
  await hasher.close();
});

Deno.test("leaving an `await using` block closes the pool", async () => {
  let escaped;
  {
    await using hasher = createPasswordHasher(FAST);
    await hasher.hash("warm up");
    escaped = hasher;
  }
  await assert.rejects(escaped.hash("after"), /closed/);
});

Deno.test("invalid pool options are refused up front", () => {
  for (
    const options of [{ rounds: 3, workers: 1 }, { rounds: 32, workers: 1 }, {
      rounds: 4.5,
      workers: 1,
    }, { rounds: 4, workers: 0 }]
  ) {
    assert.throws(() => createPasswordHasher(options), RangeError, JSON.stringify(options));
  }
});

Deno.test("4 cost-12 hashes run off the event loop: it keeps turning and spends next to no CPU on them", async () => {
  await using hasher = createPasswordHasher({ rounds: 12, workers: 2 });
  // CPU time, not elapsed time: a busy machine slows this thread but does not make it use more.
  const perHash = hashCpuMs(12);
  let ticks = 0;
  const probe = setInterval(() => ticks++, 10);
  const before = threadCpuMs();
  try {
    await Promise.all([1, 2, 3, 4].map((i) => hasher.hash(`password ${i}`)));
  } finally {
    clearInterval(probe);
  }
  const spent = threadCpuMs() - before;
  const report =
    `this thread spent ${spent} ms of CPU on 4 hashes (one hash here: ${perHash} ms); ` +
    `${ticks} timer ticks meanwhile`;
  // Hashing here would cost 4 × perHash; handing the work to the workers costs a few ms.
  assert.ok(spent < perHash / 2, report);
  assert.ok(ticks >= 10, `the event loop stood still: ${report}`);
});

/** The nice value of each of this process's threads, by thread id (Linux). */
function threadNiceness(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const entry of Deno.readDirSync("/proc/self/task")) {
    try {
      const stat = Deno.readTextFileSync(`/proc/self/task/${entry.name}/stat`);
      // Fields after the command name in parentheses; nice is the 19th field of the line.
      nice.set(Number(entry.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return nice;
}

Deno.test({
  name:
    "untrusted work runs on workers of its own at the lowest priority and cannot hold up trusted work",
  ignore: Deno.build.os !== "linux",
  async fn() {
    using spy = spyOnWorkers();
    const mainNice = threadNiceness().get(Deno.pid);
    await using hasher = createPasswordHasher({ rounds: 4, workers: 1 });
    await hasher.warmUp();
    assert.equal(hasher.lanes, "separate");
    // The untrusted lane's worker lowered its own thread, not the process's main thread.
    const lowered = spy.jobs.findIndex((job) => job.op === "lower-priority");
    assert.ok(lowered >= 0);
    const untrustedWorker = spy.to[lowered];
    assert.equal(threadNiceness().get(Deno.pid), mainNice);
    assert.ok([...threadNiceness().values()].includes(19));

    const sent = spy.jobs.length;
    // Every untrusted worker busy and more guesses waiting: the trusted job is sent at once,
    // to another worker, before any of the guesses has come back.
    const guesses = [1, 2, 3].map((i) => hasher.hash(`guess ${i}`));
    const owner = hasher.hash("owner", "trusted");
    const now = spy.jobs.slice(sent).map((job) => "password" in job && job.password);
    assert.deepEqual(now, [prehash("guess 1"), prehash("owner")]);
    assert.equal(spy.to[sent], untrustedWorker);
    assert.notEqual(spy.to[sent + 1], untrustedWorker);
    await Promise.all([owner, ...guesses]);
    // The guesses all ran on the untrusted worker, one after another.
    assert.deepEqual(spy.to.slice(sent + 2), [untrustedWorker, untrustedWorker]);
  },
});

Deno.test("without FFI, warmUp keeps one pool at normal priority and hashing works as before", async () => {
  const script = `
    import { createPasswordHasher } from ${JSON.stringify(import.meta.resolve("./passwords.ts"))};
    await using hasher = createPasswordHasher({ rounds: 4, workers: 1 });
    await hasher.warmUp();
    const hash = await hasher.hash("pw");
    console.log(JSON.stringify({ lanes: hasher.lanes, ok: await hasher.verify("pw", hash) }));
  `;
  // Not `deno eval`, which allows everything.
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, script);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--config=${new URL("../../deno.json", import.meta.url).pathname}`,
      "--no-prompt",
      "--allow-read",
      "--allow-env",
      file,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output().finally(() => Deno.remove(file));
  const output = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  assert.deepEqual(JSON.parse(output), { lanes: "shared", ok: true });
});

Deno.test("lowPriority: false (PASSWORD_LOW_PRIORITY=false) keeps one pool at normal priority", async () => {
  using spy = spyOnWorkers();
  await using hasher = createPasswordHasher({ rounds: 4, workers: 1, lowPriority: false });
  await hasher.warmUp();
  assert.equal(hasher.lanes, "shared");
  assert.ok(!spy.jobs.some((job) => job.op === "lower-priority"));
  assert.equal(await hasher.verify("pw", await hasher.hash("pw")), true);
  assert.equal(spy.started, 1);
});
