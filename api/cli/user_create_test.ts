import assert from "node:assert/strict";
import { listEvents } from "../audit/queries.ts";
import { createPasswordHasher } from "../auth/passwords.ts";
import { type TestDatabase, testDatabase } from "../testing/database.ts";
import { PromptAborted, PromptError } from "./password_prompt.ts";
import { runUserCreate, USAGE, type UserCreateOptions } from "./user_create.ts";

const ENV = { APP_ENV: "test", BCRYPT_ROUNDS: "4" };
const PASSWORD = "an operator's passphrase";

/** Options that capture the output; the database is refused unless one is given. */
function harness(options: UserCreateOptions & { db?: TestDatabase } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let released = 0;
  let asked = 0;
  const { db, ...rest } = options;
  const database = db
    ? () => Promise.resolve({ url: db.url, release: () => Promise.resolve(void released++) })
    : () => Promise.reject(new Error("this run must not use the database"));
  const run = (args: string[]) =>
    runUserCreate(args, {
      env: { ...ENV, PASSWORD },
      database,
      ...rest,
      readPassword: () => {
        asked++;
        return rest.readPassword?.() ?? Promise.reject(new Error("must not prompt"));
      },
      print: (line) => void out.push(line),
      printError: (line) => void err.push(line),
    });
  return { run, out, err, released: () => released, asked: () => asked };
}

async function userRow(db: TestDatabase, username: string) {
  const [row] = await db.sql<
    { id: number; email: string; admin: boolean; active: boolean; password_hash: string }[]
  >`select id, email, admin, active, password_hash from users where username = ${username}`;
  return row;
}

Deno.test("user:create adds an active user with the PASSWORD setting, hashed and audited", async () => {
  await using db = await testDatabase();
  const io = harness({ db });
  assert.equal(await io.run(["--username", "carol", "--email", "Carol@Example.com"]), 0);
  assert.deepEqual(io.err, []);
  assert.deepEqual(io.out, ["created user 1 carol carol@example.com"]);
  assert.equal(io.asked(), 0);
  assert.equal(io.released(), 1);

  const row = await userRow(db, "carol");
  assert.equal(row.admin, false);
  assert.equal(row.active, true);
  assert.notEqual(row.password_hash, PASSWORD);
  await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
  assert.equal(await passwords.verify(PASSWORD, row.password_hash), true);
  const events = await listEvents(db.sql, { userId: row.id, limit: 10 });
  assert.deepEqual(events.map((event) => [event.action, event.target_id, event.ip]), [
    ["operator.user_created", row.id, null],
  ]);
});

Deno.test("user:create --admin prompts for the password when PASSWORD is unset or blank", async () => {
  await using db = await testDatabase();
  for (const [i, env] of [ENV, { ...ENV, PASSWORD: " " }].entries()) {
    const io = harness({ db, env, readPassword: () => Promise.resolve(PASSWORD) });
    const args = [`--username=root${i}`, `--email=root${i}@example.com`, "--admin"];
    assert.equal(await io.run(args), 0, io.err.join("\n"));
    assert.equal(io.asked(), 1);
    assert.match(
      io.out[0],
      new RegExp(`^created user \\d+ root${i} root${i}@example.com \\(admin\\)$`),
    );
    const row = await userRow(db, `root${i}`);
    assert.equal(row.admin, true);
    await using passwords = createPasswordHasher({ rounds: 4, workers: 1 });
    assert.equal(await passwords.verify(PASSWORD, row.password_hash), true);
  }
});

Deno.test("user:create prints the API's error for each bad field before using the database", async () => {
  const io = harness({ env: { ...ENV, PASSWORD: "short" } });
  assert.equal(await io.run(["--username", "no spaces", "--email", "nope"]), 1);
  assert.deepEqual(io.err, [
    "error: Invalid payload.",
    "  username: Username may only contain letters, digits, and _ . -",
    "  email: Email must be a valid address of at most 254 characters.",
    "  password: Password must be at least 8 characters long.",
  ]);
  assert.deepEqual(io.out, []);
  assert.equal(io.released(), 0);
});

Deno.test("user:create checks a typed password with the API's rules", async () => {
  await using db = await testDatabase();
  const io = harness({ db, env: ENV, readPassword: () => Promise.resolve("x".repeat(1025)) });
  assert.equal(await io.run(["--username", "carol", "--email", "carol@example.com"]), 1);
  assert.deepEqual(io.err, [
    "error: Invalid payload.",
    "  password: Password must be at most 1,024 characters long.",
  ]);
  // And those only the server can check.
  const common = harness({ db, env: ENV, readPassword: () => Promise.resolve("Carol2024!") });
  assert.equal(await common.run(["--username", "carol", "--email", "carol@example.com"]), 1);
  assert.deepEqual(common.err, [
    "error: Invalid payload.",
    "  password: Password must not contain your username or the part of your email before the @.",
  ]);
  assert.equal(io.released(), 1);
  assert.equal(await userRow(db, "carol"), undefined);
});

Deno.test("user:create reports a duplicate email or username with the API's 409 message", async () => {
  await using db = await testDatabase();
  assert.equal(await harness({ db }).run(["--username", "carol", "--email", "carol@x.com"]), 0);
  const cases = [
    [
      ["--username", "carol2", "--email", "CAROL@x.com"],
      "error: Sorry. That email already exists.",
    ],
    [
      ["--username", "Carol", "--email", "other@x.com"],
      "error: Sorry. That username already exists.",
    ],
  ] as const;
  for (const [args, message] of cases) {
    const io = harness({ db });
    assert.equal(await io.run([...args]), 1);
    assert.deepEqual(io.err, [message]);
    assert.equal(io.released(), 1);
  }
  const [{ count }] = await db.sql`select count(*)::int as count from users`;
  assert.equal(count, 1);
});

Deno.test("user:create exits 2 with the usage line on bad arguments", async () => {
  const cases: [string[], string][] = [
    [[], "--username is required"],
    [["--username", "carol"], "--email is required"],
    [["--email", "carol@example.com"], "--username is required"],
    [["--username"], "--username needs a value"],
    [["--username", "--admin", "--email", "c@x.com"], "--username needs a value"],
    [["--username", "a", "--username", "b"], "--username given twice"],
    [["--username", "carol", "--email", "c@x.com", "--sudo"], "unknown option --sudo"],
    [["--admin=yes", "--username", "carol", "--email", "c@x.com"], "unknown option --admin"],
    [["carol"], "unexpected argument carol"],
  ];
  for (const [args, reason] of cases) {
    const io = harness();
    assert.equal(await io.run(args), 2, args.join(" "));
    assert.deepEqual(io.err, [`error: ${reason}`, USAGE]);
    assert.deepEqual(io.out, []);
  }
  const help = harness();
  assert.equal(await help.run(["--help"]), 0);
  assert.deepEqual(help.out, [USAGE]);
});

Deno.test("user:create reports a refused or aborted prompt and releases the database", async () => {
  await using db = await testDatabase();
  const cases = [
    [new PromptError("the passwords do not match"), 1, "error: the passwords do not match"],
    [new PromptAborted(), 130, "aborted"],
  ] as const;
  for (const [error, code, line] of cases) {
    const io = harness({ db, env: ENV, readPassword: () => Promise.reject(error) });
    assert.equal(await io.run(["--username", "carol", "--email", "carol@example.com"]), code);
    assert.deepEqual(io.err, [line]);
    assert.equal(io.released(), 1);
  }
  assert.equal(await userRow(db, "carol"), undefined);
});

Deno.test("user:create checks BCRYPT_ROUNDS as the API does", async () => {
  await using db = await testDatabase();
  const io = harness({ db, env: { ...ENV, PASSWORD, BCRYPT_ROUNDS: "40" } });
  assert.equal(await io.run(["--username", "carol", "--email", "carol@example.com"]), 1);
  assert.deepEqual(io.err, ["error: Invalid configuration: BCRYPT_ROUNDS: must be at most 15"]);
  assert.equal(io.released(), 1);
});

Deno.test("user:create as a command reads a piped password and prints one-line errors", async () => {
  await using db = await testDatabase();
  const script = new URL("./user_create.ts", import.meta.url).pathname;
  const run = async (env: Record<string, string>, stdin: string) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, "--username", "carol", "--email", "carol@example.com"],
      env: { ...ENV, NO_COLOR: "1", PASSWORD: "", ...env },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
    const output = await child.output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim();
    return { code: output.code, out: decode(output.stdout), err: decode(output.stderr) };
  };

  const created = await run({ DATABASE_URL: db.url }, `${PASSWORD}\n`);
  assert.deepEqual(created, { code: 0, out: "created user 1 carol carol@example.com", err: "" });

  const noServer = await run({
    DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere",
    PASSWORD,
  }, "");
  assert.equal(noServer.code, 1);
  assert.match(noServer.err, /^error: .*ECONNREFUSED/);
  assert.equal(noServer.err.split("\n").length, 1, noServer.err);
});
