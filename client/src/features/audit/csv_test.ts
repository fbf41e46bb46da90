import assert from "node:assert/strict";
import type { AuditEvent } from "../../lib/audit_events.ts";
import { auditCsv } from "./csv.ts";

const event = (fields: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  occurred_at: "2026-01-02T03:04:05.000Z",
  action: "auth.login_failed",
  actor_id: null,
  target_id: null,
  changes: null,
  detail: null,
  ip: null,
  actor_name: null,
  target_name: null,
  ...fields,
});

Deno.test("auditCsv quotes commas, quotes and line breaks, and keeps formulas as text", () => {
  const csv = auditCsv([
    event({ detail: { email: '=HYPERLINK("x"),evil' }, ip: "10.0.0.1" }),
    event({ action: "admin.user_deleted", actor_id: 1, actor_name: "root", target_id: 7 }),
  ]);
  assert.equal(
    csv,
    "Time (UTC),Action,Actor,Target,Changes,IP\r\n" +
      '2026-01-02T03:04:05.000Z,Log-in attempt failed,,,"email: =HYPERLINK(""x""),evil",10.0.0.1\r\n' +
      "2026-01-02T03:04:05.000Z,User deleted,root,User 7 (deleted),,\r\n",
  );
  assert.equal(auditCsv([event({ detail: { note: "x" }, ip: "-1" })]).split("\r\n")[1].at(-3), "'");
});
