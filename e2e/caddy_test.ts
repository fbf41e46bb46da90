import assert from "node:assert/strict";
import { testApi } from "../api/testing/api.ts";
import { startCaddy } from "../tools/stack/caddy.ts";
import { freePort } from "../tools/stack/postgres.ts";
import { e2eStack } from "./stack.ts";

const DIST = new URL("../dist/", import.meta.url).pathname;

// These talk to Caddy with plain fetch; the browser of the stack is not needed but is cheap.

Deno.test("Caddy proxies the API paths to the API", async () => {
  await using stack = await e2eStack();
  const ping = await fetch(`${stack.url}/ping`);
  assert.equal(ping.status, 200);
  assert.deepEqual(await ping.json(), { status: "success", message: "pong!" });
  const users = await fetch(`${stack.url}/users?limit=1`);
  assert.equal(users.status, 200);
  assert.equal((await users.json()).status, "success");
  const audit = await fetch(`${stack.url}/audit`);
  assert.equal(audit.status, 401, "/audit reaches the API, not the app's index.html");
  assert.equal((await audit.json()).status, "fail");
  const mail = await fetch(`${stack.url}/mail?status=failed`);
  assert.equal(mail.status, 401, "/mail reaches the API, not the app's index.html");
  await mail.body?.cancel();
  const status = await fetch(`${stack.url}/auth/status`);
  assert.equal(status.status, 401);
  assert.match(status.headers.get("WWW-Authenticate") ?? "", /^Bearer/);
  await status.body?.cancel();
});

Deno.test("Caddy serves index.html for app routes, uncached, with the security headers", async () => {
  await using stack = await e2eStack();
  const mailedLinks = ["/verify-email", "/reset-password", "/forgot-password"];
  for (const path of ["/", "/login", "/status", ...mailedLinks, "/no/such/page"]) {
    const res = await fetch(`${stack.url}${path}`);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get("Content-Type") ?? "", /^text\/html/);
    const html = await res.text();
    assert.match(html, /<div id="root">/);
    assert.equal(res.headers.get("Cache-Control"), "no-cache", path);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get("X-Content-Type-Options"), "nosniff");
    assert.equal(res.headers.get("Referrer-Policy"), "strict-origin-when-cross-origin");
    assert.equal(res.headers.get("Server"), null);
    assert.equal(res.headers.get("Strict-Transport-Security"), null, "only over HTTPS");
  }
});

Deno.test("over HTTPS Caddy tells browsers to use nothing else (Strict-Transport-Security)", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "users-caddy-tls-" });
  try {
    await using api = await testApi();
    await using caddy = await startCaddy({
      port: freePort(),
      upstreams: [new URL(api.url).host],
      siteRoot: DIST,
      https: { dataDir },
    });
    for (const path of ["/", "/login", "/ping"]) {
      const res = await fetch(`${caddy.url}${path}`, { client: caddy.client } as RequestInit);
      assert.equal(res.status, 200, path);
      assert.equal(
        res.headers.get("Strict-Transport-Security"),
        "max-age=31536000; includeSubDomains",
        path,
      );
      await res.body?.cancel();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

Deno.test("Caddy caches hashed assets for a year and compresses them", async () => {
  await using stack = await e2eStack();
  const html = await (await fetch(`${stack.url}/`)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.some((a) => a.endsWith(".js")) && assets.some((a) => a.endsWith(".css")));
  for (const asset of assets) {
    for (const encoding of ["zstd", "gzip"]) {
      const res = await fetch(`${stack.url}${asset}`, { headers: { "Accept-Encoding": encoding } });
      assert.equal(res.status, 200, asset);
      assert.equal(res.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
      assert.equal(res.headers.get("Content-Encoding"), encoding, `${asset} ${encoding}`);
      await res.body?.cancel();
    }
  }
});

Deno.test("a missing asset is a 404, not the app's index.html", async () => {
  await using stack = await e2eStack();
  const res = await fetch(`${stack.url}/assets/missing-0000.js`);
  assert.equal(res.status, 404);
  await res.body?.cancel();
});
