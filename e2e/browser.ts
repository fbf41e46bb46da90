/**
 * Debian's Chromium headless shell driven by playwright-core (Playwright's own browser download is
 * not used).
 */
import { type Browser, chromium } from "playwright-core";

// Without the networking switches Chromium keeps dialling Google's services, which this
// network refuses; the sandbox cannot start as root.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchBrowser(): Promise<Browser & AsyncDisposable> {
  const browser = await chromium.launch({
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium-headless-shell",
    args: ARGS,
  });
  return Object.assign(browser, { [Symbol.asyncDispose]: () => browser.close() });
}
