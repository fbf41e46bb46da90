import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { adminFactorPolicy } from "../mfa/policy.ts";
import type { Deps } from "../deps.ts";
import { success } from "../http/envelope.ts";
import { page } from "../http/pagination.ts";
import { AUTH, BEARER, fails, ok, SERVER } from "../openapi/replies.ts";
import { createRoute, router } from "../openapi/router.ts";
import { listMail, type MailEnvelope } from "./queries.ts";
import { mailPageBody, mailQuery } from "./schemas.ts";

/** GET /mail (admins): the outbox newest first; `?status=failed` lists what never arrived. */
export function mailRoutes(deps: Deps) {
  const list = createRoute({
    method: "get",
    path: "/",
    operationId: "listMail",
    summary: "Mail the service sent, is sending or gave up on, newest first (admins)",
    tags: ["mail"],
    security: BEARER,
    middleware: [requireUser(deps), requireAdmin, adminFactorPolicy(deps)] as const,
    request: { query: mailQuery },
    responses: {
      200: ok(mailPageBody, "A page of mails, without their bodies."),
      ...fails(400, ...AUTH, ...SERVER),
    },
  });

  return router().openapi(list, async (c) => {
    const { status, ...window } = c.req.valid("query");
    const { items, nextCursor } = await page(
      window,
      (rows) => listMail(deps.sql, { status, ...rows }),
    );
    return c.json(success({ data: { mails: items.map(present), next_cursor: nextCursor } }), 200);
  });
}

function present(mail: MailEnvelope) {
  const { recipient, ...rest } = mail;
  return { ...rest, to: recipient };
}
