import assert from "node:assert/strict";
import { actionText, type AuditEvent, placeText } from "./audit_events.ts";

function event(action: AuditEvent["action"], detail: AuditEvent["detail"] = null): AuditEvent {
  return { action, detail } as AuditEvent;
}

Deno.test("placeText shows loopback addresses as this computer, others as they are", () => {
  for (const ip of ["::1", "127.0.0.1", "127.1.2.3", "::ffff:127.0.0.1"]) {
    assert.equal(placeText(ip), "this computer", ip);
  }
  assert.equal(placeText("203.0.113.7"), "203.0.113.7");
  assert.equal(placeText("2001:db8::1"), "2001:db8::1");
  assert.equal(placeText("::10"), "::10");
  assert.equal(placeText(null), "—");
});

Deno.test("actionText says what happened in plain words", () => {
  assert.equal(
    actionText(event("auth.refresh_reused")),
    "Signed out: your session was used from another device",
  );
  assert.equal(actionText(event("auth.logout")), "Logged out");
  assert.equal(actionText(event("auth.login_failed")), "Log-in attempt failed");
  assert.equal(
    actionText(event("auth.session_revoked", { others: 2 })),
    "Signed out 2 other sessions",
  );
});
