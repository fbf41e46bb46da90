import assert from "node:assert/strict";
// @ts-types="@types/nodemailer"
import nodemailer from "nodemailer";
import { freePort } from "./postgres.ts";
import { startDevMailCatcher } from "./mail_catcher.ts";

Deno.test("the development inbox (MailDev) takes mail over SMTP and shows it on its web side", async () => {
  const mailDir = await Deno.makeTempDir({ prefix: "users-maildev-" });
  await using _cleanup = { [Symbol.asyncDispose]: () => Deno.remove(mailDir, { recursive: true }) };
  await using inbox = await startDevMailCatcher({
    smtpPort: freePort(),
    webPort: freePort(),
    mailDir,
  });
  const subject = `inbox check ${crypto.randomUUID()}`;
  const transport = nodemailer.createTransport(inbox.smtpUrl);
  try {
    await transport.sendMail({
      from: "Users <no-reply@localhost>",
      to: "dev@example.com",
      subject,
      text: "hello",
      html: "<p>hello</p>",
    });
  } finally {
    transport.close();
  }
  const listed = await fetch(`${inbox.webUrl}/api/email`);
  const mails = await listed.json() as { subject: string }[];
  assert.ok(mails.some((mail) => mail.subject === subject));
  const page = await fetch(inbox.webUrl, { headers: { Accept: "text/html" } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i);
});
