import assert from "node:assert/strict";
import { loginBody } from "./schemas.ts";

Deno.test("loginBody does not apply registration's password rules", () => {
  assert.ok(loginBody.safeParse({ email: "a@example.com", password: "short" }).success);
  assert.ok(!loginBody.safeParse({ email: "a@example.com", password: "" }).success);
});
