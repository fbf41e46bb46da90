import react from "@vitejs/plugin-react";
import process from "node:process";
import { defineConfig } from "vite";

// The paths Caddy sends to the API; the dev server proxies the same ones.
const API_PATHS = ["/ping", "/auth", "/users", "/audit", "/mail", "/openapi.json", "/docs"];
const apiTarget = process.env.API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  root: "client",
  // Outside the sources, so the dev server never writes into client/.
  cacheDir: "../node_modules/.vite",
  plugins: [react()],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // Never inline assets as data: URLs; the Content-Security-Policy only allows 'self'.
    assetsInlineLimit: 0,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiTarget }])),
  },
});
