import assert from "node:assert/strict";
import { isDroppedSocketWrite } from "./db.ts";

function thrownAt(file: string, message = "Cannot read properties of null (reading 'write')") {
  const error = new TypeError(message);
  error.stack = `TypeError: ${message}\n    at nextWrite (file://${file}:255:22)`;
  return error;
}

Deno.test("only postgres.js's write to a dropped socket is kept from ending the process", () => {
  const library = "/root/.cache/deno/npm/registry.npmjs.org/postgres/3.4.9/src/connection.js";
  assert.equal(isDroppedSocketWrite(thrownAt(library)), true);
  // The same mistake in our code, another error in the library, or not a TypeError: not ours to hide.
  assert.equal(isDroppedSocketWrite(thrownAt("/app/api/auth/service.ts")), false);
  assert.equal(isDroppedSocketWrite(thrownAt(library, "x is not a function")), false);
  assert.equal(
    isDroppedSocketWrite(new Error("Cannot read properties of null (reading 'write')")),
    false,
  );
  assert.equal(isDroppedSocketWrite(undefined), false);
});
