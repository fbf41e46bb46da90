import assert from "node:assert/strict";
// @ts-types="@types/nodemailer"
import nodemailer from "nodemailer";
import { startMailCatcher } from "./mail_catcher.ts";

function send(url: string, mail: { to: string; subject: string; text: string; html?: string }) {
  const transport = nodemailer.createTransport(url);
  return transport.sendMail({ from: "Users <no-reply@localhost>", ...mail })
    .finally(() => transport.close());
}

Deno.test("the catcher receives mail over SMTP and hands out each one once, per address", async () => {
  await using catcher = await startMailCatcher();
  const waiting = catcher.next("Ann@Example.com");
  await send(catcher.url, {
    to: "ann@example.com",
    subject: "one",
    text: "first",
    html: "<p>1</p>",
  });
  await send(catcher.url, { to: "bob@example.com", subject: "two", text: "second" });
  await send(catcher.url, { to: "ann@example.com", subject: "three", text: "third" });

  const first = await waiting;
  assert.equal(first.subject, "one");
  assert.equal(first.text.trim(), "first");
  assert.equal(first.html, "<p>1</p>");
  assert.deepEqual(first.to, ["ann@example.com"]);
  assert.equal(first.from, "no-reply@localhost");
  assert.match(first.headers["from"], /Users/);
  assert.equal((await catcher.next("ann@example.com")).subject, "three");
  assert.equal((await catcher.next("bob@example.com")).subject, "two");
  assert.equal(catcher.all().length, 3);
  await assert.rejects(catcher.next("ann@example.com", 50), /no mail to ann@example.com/);
  catcher.clear();
  assert.deepEqual(catcher.all(), []);
});

Deno.test("the catcher refuses the recipients it is told to, with a permanent error", async () => {
  await using catcher = await startMailCatcher({
    rejectRecipient: (address) => address === "gone@example.com",
  });
  await assert.rejects(
    send(catcher.url, { to: "gone@example.com", subject: "x", text: "x" }),
    (error: { responseCode?: number }) => error.responseCode === 550,
  );
  assert.deepEqual(catcher.all(), []);
});

Deno.test("a closed catcher refuses connections and rejects its waiters", async () => {
  const catcher = await startMailCatcher();
  const waiting = assert.rejects(catcher.next("late@example.com"), /closed/);
  await catcher.close();
  await waiting;
  await assert.rejects(send(catcher.url, { to: "late@example.com", subject: "x", text: "x" }));
});
