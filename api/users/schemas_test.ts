import assert from "node:assert/strict";
import { registerBody } from "../auth/schemas.ts";
import { EMAIL_RULES, OWNER_NAME_RULE, PASSWORD_RULES, USERNAME_RULES } from "./schemas.ts";

const ok = { username: "bob", email: "bob@example.com", password: "12345678" };

Deno.test("registerBody trims the username and trims and lower-cases the email", () => {
  const parsed = registerBody.parse({ ...ok, username: " bob ", email: "  Bob@Example.COM " });
  assert.equal(parsed.username, "bob");
  assert.equal(parsed.email, "bob@example.com");
});

Deno.test("registerBody never trims or changes the password", () => {
  assert.equal(registerBody.parse({ ...ok, password: " spaced out " }).password, " spaced out ");
});

Deno.test("password length counts characters, 8 at least and 1,024 at most, in any script", () => {
  assert.ok(registerBody.safeParse({ ...ok, password: "ééééééé" }).success === false); // 7 chars
  assert.ok(registerBody.safeParse({ ...ok, password: "éééééééé" }).success); // 8 chars, 16 bytes
  assert.ok(registerBody.safeParse({ ...ok, password: "密".repeat(64) }).success); // 192 bytes
  assert.ok(registerBody.safeParse({ ...ok, password: "😀".repeat(1024) }).success);
  assert.ok(!registerBody.safeParse({ ...ok, password: "😀".repeat(1024) + "a" }).success);
});

Deno.test("a password may not contain the username or the email's name, in any case or form", () => {
  const personal = OWNER_NAME_RULE;
  const owner = { username: "Bob", email: "Robert.Smith@example.com" };
  assert.ok(personal.test("my secret phrase", owner));
  for (const password of ["xxbobxx", "BOB is here", "robert.smith42", "ＢＯＢ and friends"]) {
    assert.ok(!personal.test(password, owner), password);
  }
  // Names shorter than MIN_OWNER_NAME_LENGTH are not looked for: "jo" is in too many words.
  assert.ok(personal.test("jolly good fellow", { email: "jo@example.com" }));
  assert.ok(!personal.test("jolly good fellow", { email: "jol@example.com" }));
  // Without an owner (the web app's checklist) the rule cannot be broken.
  assert.ok(personal.test("bob"));
});

Deno.test("username rules allow exactly [A-Za-z0-9_.-] and 3 to 32 characters", () => {
  for (const name of ["abc", "a.b-c_d", "A".repeat(32)]) {
    assert.ok(registerBody.safeParse({ ...ok, username: name }).success, name);
  }
  for (const name of ["ab", "A".repeat(33), "bob!", "bö b", "émile"]) {
    assert.ok(!registerBody.safeParse({ ...ok, username: name }).success, name);
  }
});

Deno.test("the rule lists the forms show agree with the schemas", () => {
  const all = [...USERNAME_RULES, ...EMAIL_RULES, ...PASSWORD_RULES];
  assert.ok(all.every((rule) => rule.label && rule.message));
  assert.ok(USERNAME_RULES.every((rule) => rule.test("bob")));
  assert.ok(!USERNAME_RULES.every((rule) => rule.test("b")));
  assert.ok(EMAIL_RULES[0].test(" Bob@Example.com "));
  assert.ok(!EMAIL_RULES[0].test("bob@"));
});
