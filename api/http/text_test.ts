import assert from "node:assert/strict";
import { isPrintable, text } from "./text.ts";

Deno.test("isPrintable refuses C0 and C1 controls and lone surrogates, keeps any real text", () => {
  for (
    const bad of ["\u0000", "a\tb", "\r\n", "\u001b[2J", "\u007f", "\u0085", "\uD800", "x\uDFFF"]
  ) {
    assert.equal(isPrintable(bad), false, JSON.stringify(bad));
  }
  for (const good of ["", "grace", "e\u0301", "\u{1F469}\u200D\u{1F4BB}", "日本語", "\u00A0"]) {
    assert.equal(isPrintable(good), true, JSON.stringify(good));
  }
});

Deno.test("text() reports one issue naming the field, and runs no later rule on unprintable input", () => {
  const schema = text("Email").min(5, "Email is too short.");
  const result = schema.safeParse("\u0000");
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues.map((issue) => issue.message), [
    "Email must not contain control characters or invalid Unicode.",
  ]);
  assert.equal(schema.safeParse(7).error?.issues[0].message, "Email must be a string.");
  assert.equal(schema.safeParse(undefined).error?.issues[0].message, "Email is required.");
});
