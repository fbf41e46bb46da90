/** Reading what the API queued for delivery (`mail_outbox`), and the links in it, for API tests. */
import type { TestApi } from "./api.ts";

export type QueuedMail = { kind: string; recipient: string; subject: string; body_text: string };

/** The mails queued to `address` (of one kind, if given), oldest first. */
export async function mailsTo(api: TestApi, address: string, kind?: string): Promise<QueuedMail[]> {
  // Anonymous requests mail after they answer: wait for that work first.
  await api.deps.afterResponse.settled();
  const which = kind === undefined ? api.db.sql`` : api.db.sql`and kind = ${kind}`;
  return await api.db.sql<QueuedMail[]>`
    select kind, recipient, subject, body_text from mail_outbox
    where recipient = ${address} ${which} order by id`;
}

/** The token in the newest mail of that kind to that address; fails when there is none. */
export async function tokenMailedTo(api: TestApi, address: string, kind: string): Promise<string> {
  const mails = await mailsTo(api, address, kind);
  const last = mails.at(-1);
  if (!last) throw new Error(`no ${kind} mail to ${address}`);
  return tokenIn(last.body_text);
}

/** The token of the link in a mail's text (`…#token=<token>`). */
export function tokenIn(text: string): string {
  const match = /#token=([A-Za-z0-9._~%-]+)/.exec(text);
  if (!match) throw new Error(`no link with a token in:\n${text}`);
  return decodeURIComponent(match[1]);
}
