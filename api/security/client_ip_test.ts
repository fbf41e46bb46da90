import assert from "node:assert/strict";
import { Hono } from "hono";
import { clientIp } from "./client_ip.ts";

/** A real server (so there is a TCP peer) that answers clientIp(c, ?trusted=a,b). */
function serve(hostname: string) {
  const app = new Hono();
  app.get("/", (c) => c.text(clientIp(c, (c.req.query("trusted") ?? "").split(","))));
  const server = Deno.serve({ hostname, port: 0, onListen() {} }, app.fetch);
  return {
    async ip(from: string, trusted: string[], forwardedFor?: string) {
      const url = `http://${from}:${server.addr.port}/?trusted=${trusted.join(",")}`;
      const headers = new Headers();
      if (forwardedFor !== undefined) headers.set("X-Forwarded-For", forwardedFor);
      const res = await fetch(url, { headers });
      assert.equal(res.status, 200);
      return await res.text();
    },
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("clientIp is the TCP peer when no X-Forwarded-For is sent", async () => {
  await using server = serve("127.0.0.1");
  assert.equal(await server.ip("127.0.0.1", []), "127.0.0.1");
  assert.equal(await server.ip("127.0.0.1", ["127.0.0.1"]), "127.0.0.1");
});

Deno.test("clientIp ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
  await using server = serve("127.0.0.1");
  assert.equal(await server.ip("127.0.0.1", ["10.0.0.2"], "203.0.113.5"), "127.0.0.1");
  assert.equal(await server.ip("127.0.0.1", [], "203.0.113.5"), "127.0.0.1");
});

Deno.test("clientIp behind a trusted proxy is the right-most untrusted entry", async () => {
  await using server = serve("127.0.0.1");
  const trusted = ["127.0.0.1", "10.0.0.2"];
  assert.equal(await server.ip("127.0.0.1", trusted, "203.0.113.5"), "203.0.113.5");
  assert.equal(await server.ip("127.0.0.1", trusted, "203.0.113.5, 10.0.0.2"), "203.0.113.5");
  // What Caddy forwards when a client sends its own header: the real address is appended last.
  assert.equal(await server.ip("127.0.0.1", trusted, "1.2.3.4, 198.51.100.9"), "198.51.100.9");
  assert.equal(
    await server.ip("127.0.0.1", trusted, "10.0.0.2, 1.2.3.4, 198.51.100.9, 10.0.0.2"),
    "198.51.100.9",
  );
});

Deno.test("clientIp takes the left-most entry when every hop is a trusted proxy", async () => {
  await using server = serve("127.0.0.1");
  const trusted = ["127.0.0.1", "10.0.0.2", "10.0.0.3"];
  assert.equal(await server.ip("127.0.0.1", trusted, "10.0.0.3, 10.0.0.2"), "10.0.0.3");
  assert.equal(await server.ip("127.0.0.1", trusted, ""), "127.0.0.1");
});

Deno.test("clientIp skips malformed X-Forwarded-For entries", async () => {
  await using server = serve("127.0.0.1");
  const trusted = ["127.0.0.1"];
  const header = "203.0.113.5, 198.51.100.9, not-an-ip, 999.1.1.1, , 1.2.3.4:80, fe80::1%eth0";
  assert.equal(await server.ip("127.0.0.1", trusted, header), "198.51.100.9");
  assert.equal(await server.ip("127.0.0.1", trusted, "garbage, unknown"), "127.0.0.1");
  assert.equal(await server.ip("127.0.0.1", trusted, "2001:DB8:0:0::1"), "2001:db8::1");
});

Deno.test("clientIp reads IPv4-mapped IPv6 addresses as IPv4", async () => {
  // A dual-stack listener reports an IPv4 peer as ::ffff:127.0.0.1.
  await using server = serve("::");
  assert.equal(await server.ip("127.0.0.1", []), "127.0.0.1");
  assert.equal(await server.ip("127.0.0.1", ["127.0.0.1"], "::ffff:203.0.113.5"), "203.0.113.5");
  assert.equal(
    await server.ip("127.0.0.1", ["::ffff:127.0.0.1"], "203.0.113.5, ::ffff:7f00:1"),
    "203.0.113.5",
  );
  assert.equal(await server.ip("[::1]", ["::1"], "203.0.113.5"), "203.0.113.5");
  assert.equal(await server.ip("[::1]", ["127.0.0.1"], "203.0.113.5"), "::1");
});

Deno.test("clientIp is 'unknown' without connection info, whatever the headers say", async () => {
  const app = new Hono();
  app.get("/", (c) => c.text(clientIp(c, ["127.0.0.1"])));
  const res = await app.request("/", { headers: { "X-Forwarded-For": "203.0.113.5" } });
  assert.equal(await res.text(), "unknown");
});
