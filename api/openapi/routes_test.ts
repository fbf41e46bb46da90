import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { openApiDocument } from "./document.ts";

Deno.test("GET /openapi.json serves the document as JSON", async () => {
  await using api = await testApi();
  const res = await api.request("/openapi.json");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/);
  assert.deepEqual(res.body, JSON.parse(JSON.stringify(openApiDocument(api.app))));
});

Deno.test("GET /docs serves a page whose scripts and styles are files of their own", async () => {
  await using api = await testApi();
  const res = await api.request("/docs");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^text\/html/);
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html: string = res.body;
  // The strict policy in front of it refuses inline code: every script and style is a file.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.deepEqual(scripts.map((match) => match[2].trim()), ["", ""]);
  assert.deepEqual(scripts.map((match) => /src="([^"]+)"/.exec(match[1])?.[1]), [
    "/docs/swagger-ui-bundle.js",
    "/docs/init.js",
  ]);
  const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)];
  assert.deepEqual(styles.map((match) => match[1]), ["/docs/swagger-ui.css", "/docs/docs.css"]);
  assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=|javascript:|https?:\/\//i);
  assert.match(html, /href="\/openapi\.json"/);
});

Deno.test("the files of /docs are served with their content types, from this origin", async () => {
  await using api = await testApi();
  const init = await api.request("/docs/init.js");
  assert.equal(init.status, 200);
  assert.match(init.headers.get("Content-Type") ?? "", /^text\/javascript/);
  assert.match(init.body, /url: "\/openapi\.json"/);
  const bundle = await api.request("/docs/swagger-ui-bundle.js");
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("Content-Type") ?? "", /^text\/javascript/);
  assert.match(bundle.body, /SwaggerUIBundle/);
  for (const path of ["/docs/swagger-ui.css", "/docs/docs.css"]) {
    const css = await api.request(path);
    assert.equal(css.status, 200, path);
    assert.match(css.headers.get("Content-Type") ?? "", /^text\/css/, path);
  }
  assert.equal((await api.request("/docs/missing.js")).status, 404);
  assert.equal((await api.request("/docs/app.js")).status, 404);
});
