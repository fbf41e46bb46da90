import assert from "node:assert/strict";
import { ApiError } from "./errors.ts";
import { decodeCursor, encodeCursor, page } from "./pagination.ts";

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

Deno.test("page asks for one row more than the limit and turns it into the next cursor", async () => {
  const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];
  const asked: { limit: number; beforeId?: number }[] = [];
  const fetch = (window: { limit: number; beforeId?: number }) => {
    asked.push(window);
    return Promise.resolve(rows.slice(0, window.limit));
  };
  const first = await page({ limit: 2 }, fetch);
  assert.deepEqual(first.items, [{ id: 9 }, { id: 7 }]);
  assert.equal(decodeCursor(first.nextCursor!), 7);
  const last = await page({ limit: 3, cursor: encodeCursor(10) }, fetch);
  assert.deepEqual(last.items, rows);
  assert.equal(last.nextCursor, null);
  assert.deepEqual(asked, [{ limit: 3, beforeId: undefined }, { limit: 4, beforeId: 10 }]);
});

Deno.test("page refuses a malformed cursor with a 400 naming the field", async () => {
  await assert.rejects(
    page({ limit: 5, cursor: "nope!" }, () => Promise.resolve([])),
    (error: ApiError) => error.status === 400 && error.extra.errors?.[0].field === "cursor",
  );
});
