import assert from "node:assert/strict";
import { EMAIL_RULES, PASSWORD_RULES, USERNAME_RULES } from "../../../api/users/schemas.ts";
import { formProblems } from "./form_check.ts";

Deno.test("formProblems lists the first unmet rule of each field, in the fields' order", () => {
  const problems = formProblems([
    { name: "username", value: "ab", rules: USERNAME_RULES },
    { name: "email", value: "dana@example", rules: EMAIL_RULES },
    { name: "password", value: "short", rules: PASSWORD_RULES },
  ]);
  assert.deepEqual(problems.map((p) => p.name), ["username", "email", "password"]);
  assert.equal(problems[0].message, "Username must be 3 to 32 characters long.");
  assert.match(problems[2].message, /at least 8 characters/);
});

Deno.test("formProblems says an empty required field is missing, in its own words", () => {
  const problems = formProblems([
    { name: "email", value: "  ", required: "Enter your email address.", rules: EMAIL_RULES },
    { name: "password", value: "", required: "Enter your password." },
  ]);
  assert.deepEqual(problems, [
    { name: "email", message: "Enter your email address." },
    { name: "password", message: "Enter your password." },
  ]);
});

Deno.test("formProblems leaves valid fields and server-only rules alone", () => {
  const problems = formProblems([
    { name: "username", value: "dana", rules: USERNAME_RULES },
    // Contains the username: only the server knows the owner, so the form lets it through.
    { name: "password", value: "dana dana dana dana", rules: PASSWORD_RULES },
  ]);
  assert.deepEqual(problems, []);
});
