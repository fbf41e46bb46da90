import purgeCssModule from "@fullhuman/postcss-purgecss";
import react from "@vitejs/plugin-react";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

// The paths Caddy sends to the API; the dev server proxies the same ones.
const API_PATHS = ["/ping", "/auth", "/users", "/audit", "/mail", "/openapi.json", "/docs"];
const apiTarget = process.env.API_URL ?? "http://127.0.0.1:8000";

/**
 * React Router's package exports only its development build (warnings and checks left in, about
 * 3 kB gzip more); production bundles take the production build that it ships beside it.
 */
function reactRouterProductionBuild(): Plugin {
  return {
    name: "react-router-production-build",
    apply: "build",
    enforce: "pre",
    resolveId: {
      filter: { id: /^react-router(\/dom)?$/ },
      async handler(source, importer, options) {
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (!resolved) return null;
        return { ...resolved, id: resolved.id.replace("/dist/development/", "/dist/production/") };
      },
    },
  };
}

// A CommonJS module: its exports object is the plugin, which the types call `default`.
const purgeCss = purgeCssModule as unknown as typeof purgeCssModule.default;
const CLIENT = fileURLToPath(new URL("client/", import.meta.url));

/**
 * Bootstrap's stylesheet holds every component and utility; the app uses a few. Production builds
 * keep only the rules whose classes appear in the app's sources, and every rule of the components
 * whose classes react-bootstrap puts together at run time (`btn-${variant}`, `modal-dialog` …).
 * Element rules, custom properties and the colour modes' `[data-bs-theme]` rules always stay.
 */
const keepCss = purgeCss({
  content: [`${CLIENT}index.html`, `${CLIENT}public/*.js`, `${CLIENT}src/**/*.{ts,tsx}`],
  safelist: {
    // What react-bootstrap's Button, Alert, Modal, Form, Card, Table, Badge and Col put together.
    standard: [
      /^btn-(primary|secondary|danger|outline-(primary|secondary|success|danger|dark))$/,
      /^(btn-link|btn-sm|btn-close)$/,
      /^alert-(success|danger|warning|info|dismissible|heading|link)$/,
      /^modal(-(dialog|dialog-centered|content|header|title|body|footer|backdrop))?$/,
      /^(fade|show|collapse|collapsing)$/,
      /^form-(control|label|select|text|check|check-input|check-label|switch)$/,
      /^(is-invalid|invalid-feedback|has-validation|input-group|input-group-text)$/,
      /^card(-(body|title|subtitle))?$/,
      /^(row|col|col-6|col-sm-6|col-md-3|col-md-6|col-lg-3)$/,
      /^(table|table-striped|badge)$/,
      // Badge's `bg`: the colours in use (tools/client_build_test.ts fails on a new one).
      /^(text-bg|bg)-(secondary|success)$/,
    ],
  },
  dynamicAttributes: ["data-bs-theme"],
});

/**
 * What the first page needs, in one chunk: the modules that the entry imports statically. Left
 * to itself the bundler splits off every module that a lazy page shares with the entry, and each
 * extra file costs the first load its own compression overhead (about 2.5 kB here).
 */
function firstPageChunk(): { plugin: Plugin; test: (id: string) => boolean } {
  const firstPage = new Set<string>();
  const plugin: Plugin = {
    name: "first-page-modules",
    apply: "build",
    buildEnd() {
      const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      const queue = [...entries];
      while (queue.length > 0) {
        const id = queue.pop()!;
        if (firstPage.has(id)) continue;
        firstPage.add(id);
        queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
  };
  return { plugin, test: (id) => firstPage.has(id) };
}

/**
 * The later pages share many small modules; left to itself the bundler gives each its own file
 * (a login page took 15 requests), and the first page's chunk names every one of them for its
 * preloads. They go into two chunks instead: react-bootstrap's components, and the form kit (our
 * fields and helpers with zod). What the verify banner needs on the first page, and what loads on
 * demand (password strength, QR code, passkeys), stays apart.
 */
const COMPONENTS = /\/(react-bootstrap|@restart|dom-helpers|classnames|uncontrollable)\//;
const FORM_KIT = /\/zod\/|client\/src\/(components|lib)\/.*\.tsx?$/;
const APART = /password_strength|qr_code|passkey|resend_button|retry_wait|use_submit|use_countdown/;

export default defineConfig(({ command }) => {
  const firstPage = firstPageChunk();
  return {
    root: "client",
    // Outside the sources, so the dev server never writes into client/.
    cacheDir: "../node_modules/.vite",
    plugins: [react(), reactRouterProductionBuild(), firstPage.plugin],
    css: {
      postcss: { plugins: command === "build" ? [keepCss] : [] },
      // Bootstrap 5.3's sources still use @import and Sass's global functions.
      preprocessorOptions: {
        scss: {
          quietDeps: true,
          silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
        },
      },
    },
    build: {
      outDir: "../dist",
      emptyOutDir: true,
      // Never inline assets as data: URLs; the Content-Security-Policy only allows 'self'.
      assetsInlineLimit: 0,
      // Every browser the app supports knows modulepreload: no polyfill in the first load.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        // PurgeCSS's time in the CSS hooks is expected: no timing report in every build's output.
        checks: { pluginTimings: false },
        output: {
          codeSplitting: {
            groups: [
              { name: "first-page", test: firstPage.test },
              { name: "components", test: (id) => !firstPage.test(id) && COMPONENTS.test(id) },
              {
                name: "forms",
                test: (id) => !firstPage.test(id) && FORM_KIT.test(id) && !APART.test(id),
              },
            ],
          },
        },
      },
    },
    server: {
      host: "127.0.0.1",
      port: 5173,
      proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiTarget }])),
    },
  };
});
