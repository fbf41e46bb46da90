/**
 * GET /openapi.json, and the API reference at /docs: Swagger UI (npm `swagger-ui-dist`) served
 * from our own origin, started by a script file of our own, so it runs under a
 * Content-Security-Policy that refuses inline code and other origins.
 */
import { Hono } from "hono";
import swaggerUiPath from "swagger-ui-dist/absolute-path.js";

// The same policy Caddy sets for /docs, for when the API is reached directly. Swagger UI's
// stylesheet draws its icons with data: URLs.
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

type Asset = { bytes: Uint8Array<ArrayBuffer>; type: string };

const OWN = new URL("./docs/", import.meta.url);
const FILES: Record<string, { dir: "own" | "swagger"; name: string; type: string }> = {
  "/docs": { dir: "own", name: "index.html", type: "text/html; charset=utf-8" },
  "/docs/init.js": { dir: "own", name: "init.js", type: "text/javascript; charset=utf-8" },
  "/docs/docs.css": { dir: "own", name: "docs.css", type: "text/css; charset=utf-8" },
  "/docs/swagger-ui.css": {
    dir: "swagger",
    name: "swagger-ui.css",
    type: "text/css; charset=utf-8",
  },
  "/docs/swagger-ui-bundle.js": {
    dir: "swagger",
    name: "swagger-ui-bundle.js",
    type: "text/javascript; charset=utf-8",
  },
};

/** The paths these routes serve; they are not operations of the document. */
export const DOCS_PATHS = ["/openapi.json", ...Object.keys(FILES)];

let assets: Map<string, Asset> | undefined;

/** Read at start-up, once per process: a file missing from the image fails at once. */
function loadAssets(): Map<string, Asset> {
  const swagger = `${(swaggerUiPath as () => string)()}/`;
  return assets ??= new Map(
    Object.entries(FILES).map(([path, { dir, name, type }]) => {
      const file = dir === "own" ? new URL(name, OWN) : `${swagger}${name}`;
      return [path, { bytes: Deno.readFileSync(file), type }];
    }),
  );
}

/** `document` is called once, on the first request for it. */
export function openapiRoutes(document: () => unknown) {
  const files = loadAssets();
  let json: string | undefined;
  const app = new Hono().get("/openapi.json", (c) => {
    json ??= JSON.stringify(document());
    return c.body(json, 200, { "Content-Type": "application/json; charset=utf-8" });
  });
  for (const [path, { bytes, type }] of files) {
    app.get(path, (c) => {
      const headers: Record<string, string> = { "Content-Type": type };
      if (path === "/docs") headers["Content-Security-Policy"] = DOCS_CSP;
      return c.body(bytes, 200, headers);
    });
  }
  return app;
}
