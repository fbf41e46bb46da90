import assert from "node:assert/strict";
import { spawnApi } from "../testing/api_process.ts";
import { testDatabase } from "../testing/database.ts";
import { startMailCatcher } from "../testing/mail_catcher.ts";
import { queueMail } from "./outbox.ts";
import { eventually, settled, testMail } from "./testing.ts";

Deno.test("two API processes deliver each mail once, and stop cleanly on SIGTERM", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher();
  const addresses = Array.from({ length: 10 }, (_, i) => `replica${i}@example.com`);
  const one = await spawnApi({ DATABASE_URL: db.appUrl }, { mail: catcher });
  const two = await spawnApi({ DATABASE_URL: db.appUrl }, { mail: catcher });
  try {
    await db.sql.begin(async (tx) => {
      for (const to of addresses) await queueMail(tx, testMail(to));
    });
    for (const to of addresses) await catcher.next(to);
    await eventually("the outbox settles", () => settled(db.sql));
  } finally {
    await one[Symbol.asyncDispose]();
    await two[Symbol.asyncDispose]();
  }
  assert.deepEqual((await one.process.status).code, 0);
  assert.deepEqual((await two.process.status).code, 0);
  assert.deepEqual(catcher.all().flatMap((mail) => mail.to).sort(), [...addresses].sort());
});

Deno.test("the API sends mail with no more permissions than the production image gives it", async () => {
  await using db = await testDatabase();
  await using catcher = await startMailCatcher();
  const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
  // The Dockerfile's CMD: network, environment, reading the app's own directory, and HOME there.
  // Deno's own cache stays where it is (it defaults to one under HOME).
  const denoDir = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;
  await using _api = await spawnApi({ DATABASE_URL: db.appUrl, HOME: root, DENO_DIR: denoDir }, {
    mail: catcher,
    permissions: ["--allow-net", "--allow-env", `--allow-read=${root}`, "--allow-sys=homedir"],
  });
  await db.sql.begin((tx) => queueMail(tx, testMail("confined@example.com")));
  await catcher.next("confined@example.com");
  await eventually("the outbox settles", () => settled(db.sql));
});

Deno.test("the API refuses to start in production without SMTP_URL, saying why", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("../main.ts", import.meta.url).pathname],
    env: {
      APP_ENV: "production",
      DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
      SECRET_KEY: "Vq3x9LmZ2pR8sT1uW4yB6nC0dF5gH7jK",
      SMTP_URL: "",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stderr } = await child.output();
  assert.equal(code, 1);
  assert.match(new TextDecoder().decode(stderr), /SMTP_URL: required in production/);
});
