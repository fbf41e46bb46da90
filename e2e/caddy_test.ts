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
    assert.equal(res.status, path === "/no/such/page" ? 404 : 200, path);
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

const NAVIGATION = {
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Sec-Fetch-Mode": "navigate",
};

async function isTheApp(res: Response): Promise<boolean> {
  const type = res.headers.get("Content-Type") ?? "";
  return type.startsWith("text/html") && /<div id="root">/.test(await res.text());
}

Deno.test("a browser navigating to an API path the app shows gets the app; API clients keep JSON", async () => {
  await using stack = await e2eStack();
  const { user } = await stack.api.createUser();
  for (const path of ["/users", `/users/${user.id}`, "/audit"]) {
    for (const method of ["GET", "HEAD"]) {
      const page = await fetch(`${stack.url}${path}`, { method, headers: NAVIGATION });
      assert.equal(page.status, 200, `${method} ${path}`);
      assert.match(page.headers.get("Content-Type") ?? "", /^text\/html/, `${method} ${path}`);
      if (method === "GET") assert.ok(await isTheApp(page), path);
      else await page.body?.cancel();
    }
    for (const accept of [undefined, "*/*", "application/json"]) {
      const headers: Record<string, string> = accept ? { Accept: accept } : {};
      const res = await fetch(`${stack.url}${path}`, { headers });
      assert.match(res.headers.get("Content-Type") ?? "", /json/, `${path} Accept: ${accept}`);
      assert.ok([200, 401].includes(res.status), `${path}: ${res.status}`);
      await res.body?.cancel();
    }
  }
  // Not a navigation, or not a page of the app: the API answers, whatever the Accept header.
  const login = await fetch(`${stack.url}/auth/login`, {
    method: "POST",
    headers: { ...NAVIGATION, "Content-Type": "application/json" },
    body: JSON.stringify({ email: user.email, password: "wrong password here" }),
  });
  assert.equal(login.status, 401);
  assert.match(login.headers.get("Content-Type") ?? "", /json/);
  await login.body?.cancel();
  const patch = await fetch(`${stack.url}/users/${user.id}`, {
    method: "PATCH",
    headers: { ...NAVIGATION, "Content-Type": "application/json" },
    body: "{}",
  });
  assert.equal(patch.status, 401);
  await patch.body?.cancel();
  for (const path of ["/auth/status", "/ping", "/openapi.json"]) {
    const res = await fetch(`${stack.url}${path}`, { headers: NAVIGATION });
    assert.match(res.headers.get("Content-Type") ?? "", /json/, path);
    await res.body?.cancel();
  }
  const docs = await fetch(`${stack.url}/docs`, { headers: NAVIGATION });
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /swagger-ui/i, "/docs is the API's own page");
});

Deno.test("paths the app does not know answer 404 with the app's page; its pages and files 200", async () => {
  await using stack = await e2eStack();
  for (
    const path of ["/no/such/page", "/admin", "/settings/extra", "/login.php", "/favicon.ico"]
  ) {
    const res = await fetch(`${stack.url}${path}`, { headers: NAVIGATION });
    assert.equal(res.status, 404, path);
    assert.ok(await isTheApp(res), `${path} still gets the app, which says "Page not found"`);
    assert.equal(res.headers.get("Cache-Control"), "no-cache", path);
    assert.match(res.headers.get("Content-Security-Policy") ?? "", /frame-ancestors 'none'/);
  }
  for (const path of await routerPaths()) {
    const concrete = path.replace("*", "1");
    const res = await fetch(`${stack.url}${concrete}`, { headers: NAVIGATION });
    assert.equal(res.status, 200, concrete);
    assert.ok(await isTheApp(res), concrete);
  }
  const icon = await fetch(`${stack.url}/favicon.svg`);
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get("Content-Type") ?? "", /svg/);
  await icon.body?.cancel();
});

/** The app's routes, as Caddy's path patterns: "users/:id" is "/users/*". */
async function routerPaths(): Promise<string[]> {
  const router = await Deno.readTextFile(new URL("../client/src/app/router.tsx", import.meta.url));
  const paths = [...router.matchAll(/path="([^"*]+)"/g)].map((m) => m[1]);
  return ["/", ...paths.map((path) => "/" + path.replace(/:[^/]+/g, "*"))];
}

// Pages of the issue-11 branch, listed in the Caddyfile before its router has them.
const COMING = ["/forgot-password", "/reset-password", "/verify-email"];

Deno.test("Caddy's list of the app's pages is the router's", async () => {
  const caddyfile = await Deno.readTextFile(new URL("../Caddyfile", import.meta.url));
  const line = /^\s*@page path (.+)$/m.exec(caddyfile);
  assert.ok(line, "the Caddyfile has an @page matcher");
  const listed = line[1].trim().split(/\s+/).sort();
  const routes = await routerPaths();
  assert.deepEqual(
    listed.filter((path) => !COMING.includes(path) || routes.includes(path)),
    routes.sort(),
  );
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
