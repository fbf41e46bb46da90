import assert from "node:assert/strict";
import net from "node:net";
import { createSql, isDroppedSocketWrite, isOrphanedSocketReset } from "./db.ts";

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

function reset(frames: string[]) {
  const error = Object.assign(new Error("read ECONNRESET"), {
    code: "ECONNRESET",
    syscall: "read",
  });
  error.stack = ["Error: read ECONNRESET", ...frames.map((frame) => `    at ${frame}`)].join("\n");
  return error;
}

Deno.test("only a reset thrown by node:net itself counts as an orphaned socket's", () => {
  const netFrame =
    "TCPWrap.onStreamRead [as onread] (ext:deno_node/internal/stream_base_commons.ts:1:3690)";
  assert.equal(isOrphanedSocketReset(reset([netFrame])), true);
  // Passed through our code or a library's, someone is there to handle it.
  assert.equal(
    isOrphanedSocketReset(reset([netFrame, "query (file:///app/api/db.ts:1:1)"])),
    false,
  );
  assert.equal(isOrphanedSocketReset(reset([])), false);
  const refused = Object.assign(reset([netFrame]), { code: "ECONNREFUSED" });
  assert.equal(isOrphanedSocketReset(refused), false);
  assert.equal(isOrphanedSocketReset("read ECONNRESET"), false);
});

Deno.test("a connection reset reaching a socket nobody listens to does not end the process", async () => {
  // The guard comes with the first pool; this one never connects.
  await createSql("postgres://nobody@127.0.0.1:1/none").end();
  // The server resets the connection once the client has let its socket go and says so.
  const server = net.createServer((socket) => socket.once("data", () => socket.resetAndDestroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, "127.0.0.1");
  client.on("error", (error) => assert.fail(`before the reset: ${error}`));
  client.on("data", () => {});
  await new Promise((resolve) => client.once("connect", resolve));
  // As postgres.js leaves a socket it has let go: still reading, no listener for its errors.
  client.removeAllListeners("error");
  const closed = new Promise((resolve) => client.once("close", resolve));
  client.write("x");
  await closed;
  assert.equal(client.destroyed, true);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
