import assert from "node:assert/strict";
import { decodeCursor, encodeCursor } from "./cursor.ts";

Deno.test("a cursor round-trips its id and is URL-safe", () => {
  for (const id of [1, 42, 9_007_199_254_740_991]) {
    const cursor = encodeCursor(id);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.equal(decodeCursor(cursor), id);
  }
});

Deno.test("malformed, foreign-version or out-of-range cursors decode to undefined", () => {
  const encode = (text: string) => btoa(text).replaceAll("=", "");
  for (
    const cursor of [
      "",
      "not base64!",
      "%%%",
      encode("v2:5"),
      encode("v1:"),
      encode("v1:0"),
      encode("v1:-5"),
      encode("v1:5x"),
      encode("v1:99999999999999999"),
      encode("5"),
    ]
  ) {
    assert.equal(decodeCursor(cursor), undefined, cursor);
  }
});
