import assert from "node:assert/strict";
import { firstLoadAssets, gzipSize } from "./client.ts";

Deno.test("firstLoadAssets takes the entry script, modulepreloads and stylesheets", () => {
  const html = `<!doctype html><html><head>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg">
    <script type="module" crossorigin src="/assets/index-DKCWj2q0.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-A1b2.js">
    <link rel=stylesheet href='/assets/index-BbRluUcX.css'>
    <link rel="preload stylesheet" href="/assets/extra.css">
    <link rel="prefetch" href="/assets/lazy_page.js">
  </head><body><div id="root"></div></body></html>`;
  assert.deepEqual(firstLoadAssets(html), {
    js: ["/assets/index-DKCWj2q0.js", "/assets/vendor-A1b2.js"],
    css: ["/assets/index-BbRluUcX.css", "/assets/extra.css"],
  });
});

Deno.test("firstLoadAssets ignores inline scripts and counts a file once", () => {
  const html = `<script>window.x = 1</script>
    <script type="module" src="/assets/a.js"></script>
    <link rel="modulepreload" href="/assets/a.js">`;
  assert.deepEqual(firstLoadAssets(html), { js: ["/assets/a.js"], css: [] });
});

Deno.test("gzipSize compresses repetitive text far below its length", () => {
  const text = new TextEncoder().encode("body{margin:0}".repeat(1000));
  const size = gzipSize(text);
  assert.ok(size > 0 && size < text.length / 20, `${size} bytes`);
});
