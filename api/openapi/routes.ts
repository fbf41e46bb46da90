/**
 * GET /openapi.json, and the interactive reference at /docs: an HTML page with its script and
 * stylesheet as files of their own, so it runs under a Content-Security-Policy without inline code.
 */
import { Hono } from "hono";
import { openApiDocument } from "./document.ts";

/** The paths these routes serve; they are not operations of the document. */
export const DOCS_PATHS = ["/openapi.json", "/docs", "/docs/app.js", "/docs/app.css"];

// The same policy Caddy sets, for when the API is reached directly.
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

type Asset = { text: string; type: string };
let assets: Record<"html" | "js" | "css", Asset> | undefined;

/** Read at start-up, once per process: a file missing from the image fails at once. */
function loadAssets() {
  const read = (name: string, type: string): Asset => ({
    text: Deno.readTextFileSync(new URL(`./docs/${name}`, import.meta.url)),
    type,
  });
  return assets ??= {
    html: read("index.html", "text/html; charset=utf-8"),
    js: read("app.js", "text/javascript; charset=utf-8"),
    css: read("app.css", "text/css; charset=utf-8"),
  };
}

export function openapiRoutes() {
  const { html, js, css } = loadAssets();
  const document = JSON.stringify(openApiDocument());

  return new Hono()
    .get("/openapi.json", (c) => {
      return c.body(document, 200, { "Content-Type": "application/json; charset=utf-8" });
    })
    .get("/docs", (c) => {
      return c.body(html.text, 200, {
        "Content-Type": html.type,
        "Content-Security-Policy": DOCS_CSP,
      });
    })
    .get("/docs/app.js", (c) => c.body(js.text, 200, { "Content-Type": js.type }))
    .get("/docs/app.css", (c) => c.body(css.text, 200, { "Content-Type": css.type }));
}
