import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { openApiDocument } from "./document.ts";

Deno.test("GET /openapi.json serves the document as JSON", async () => {
  await using api = await testApi();
  const res = await api.request("/openapi.json");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/);
  assert.deepEqual(res.body, JSON.parse(JSON.stringify(openApiDocument())));
});

Deno.test("GET /docs serves a page whose script and style are files of their own", async () => {
  await using api = await testApi();
  const res = await api.request("/docs");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^text\/html/);
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html: string = res.body;
  // The strict policy in front of it refuses inline code: every script and style is a file.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.deepEqual(scripts.map((match) => match[2].trim()), [""]);
  assert.match(scripts[0][1], /src="\/docs\/app\.js"/);
  assert.match(html, /<link rel="stylesheet" href="\/docs\/app\.css">/);
  assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=|javascript:/i);
  assert.match(html, /href="\/openapi\.json"/);
});

Deno.test("GET /docs/app.js and /docs/app.css are served with their content types", async () => {
  await using api = await testApi();
  const js = await api.request("/docs/app.js");
  assert.equal(js.status, 200);
  assert.match(js.headers.get("Content-Type") ?? "", /^text\/javascript/);
  assert.match(js.body, /fetch\("\/openapi\.json"\)/);
  const css = await api.request("/docs/app.css");
  assert.equal(css.status, 200);
  assert.match(css.headers.get("Content-Type") ?? "", /^text\/css/);
  assert.equal((await api.request("/docs/missing.js")).status, 404);
});
