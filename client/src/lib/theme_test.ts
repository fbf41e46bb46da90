import assert from "node:assert/strict";
import { parseThemeChoice, resolveTheme } from "./theme.ts";

Deno.test("resolveTheme: auto follows the system, light and dark do not", () => {
  assert.equal(resolveTheme("auto", true), "dark");
  assert.equal(resolveTheme("auto", false), "light");
  assert.equal(resolveTheme("light", true), "light");
  assert.equal(resolveTheme("dark", false), "dark");
});

Deno.test("parseThemeChoice: anything but light or dark (nothing stored, junk) is auto", () => {
  assert.equal(parseThemeChoice("dark"), "dark");
  assert.equal(parseThemeChoice("light"), "light");
  for (const stored of [null, undefined, "", "DARK", "blue"]) {
    assert.equal(parseThemeChoice(stored), "auto");
  }
});
