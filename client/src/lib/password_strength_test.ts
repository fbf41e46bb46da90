import assert from "node:assert/strict";
import { passwordStrength } from "./password_strength.ts";

Deno.test("passwordStrength rates a common password very weak and says why", () => {
  const strength = passwordStrength("password1");
  assert.equal(strength.score, 0);
  assert.equal(strength.label, "Very weak");
  assert.match(strength.warning ?? "", /commonly used|most used|very often used/);
});

Deno.test("passwordStrength rates a few uncommon words strong", () => {
  const strength = passwordStrength("quartz lantern mosaic velvet");
  assert.equal(strength.score, 4);
  assert.equal(strength.label, "Strong");
});

Deno.test("passwordStrength rates a keyboard row and a repeat weak", () => {
  assert.ok(passwordStrength("qwertyuiop").score <= 1);
  assert.ok(passwordStrength("aaaaaaaaaa").score <= 1);
});

Deno.test("passwordStrength counts the person's own details as easy guesses", () => {
  const alone = passwordStrength("zebulon1987");
  const withName = passwordStrength("zebulon1987", ["zebulon", "zebulon@example.com"]);
  assert.ok(withName.score <= alone.score, `${withName.score} vs ${alone.score}`);
  assert.ok(withName.score <= 1);
});
