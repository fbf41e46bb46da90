import assert from "node:assert/strict";
import { contrastRatio } from "./contrast.ts";

Deno.test("contrastRatio: black on white is 21:1, a colour on itself 1:1", () => {
  assert.equal(Math.round(contrastRatio("rgb(0, 0, 0)", "rgb(255, 255, 255)")), 21);
  assert.equal(contrastRatio("rgba(33, 37, 41, 1)", "rgb(33, 37, 41)"), 1);
});
