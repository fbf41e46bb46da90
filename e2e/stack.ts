/**
 * The real stack for one browser test: a database and API server of its own (api/testing),
 * Caddy in front serving the built app from dist/, and a fresh browser page.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type TestApi, testApi } from "../api/testing/api.ts";
import type { MailCatcher } from "../api/testing/mail_catcher.ts";
import { type RunningCaddy, startCaddy } from "../tools/stack/caddy.ts";
import { freePort } from "../tools/stack/postgres.ts";
import { launchBrowser } from "./browser.ts";

const DIST = new URL("../dist/", import.meta.url).pathname;

/**
 * One Chromium per test module, launched by its first stack: each test gets browser contexts of
 * its own (cookies, storage, cache, locks and channels apart, as in another browser profile),
 * which costs a fraction of starting a browser per test.
 */
let shared: Promise<Browser> | undefined;
Deno.test.afterAll(async () => {
  await (await shared?.catch(() => undefined))?.close();
});

async function sharedBrowser(): Promise<Browser> {
  const browser = await (shared ??= launchBrowser());
  if (browser.isConnected()) return browser;
  // Gone (crashed or killed): the next test gets a new one rather than the last one's fate.
  shared = launchBrowser();
  return await shared;
}

/** What a test may open in the browser: contexts and pages that its stack closes at the end. */
export type StackBrowser = Pick<Browser, "newContext" | "newPage">;

export type Stack = AsyncDisposable & {
  /** Caddy's origin, e.g. http://127.0.0.1:43210 */
  url: string;
  api: TestApi;
  browser: StackBrowser;
  page: Page;
};

/**
 * `withMail`: the API delivers its mail to a catcher of its own (`stack.mail`), and the links in
 * the mails start with this stack's origin (`PUBLIC_URL`), as they would in production.
 */
/**
 * `localhost`: the browser and PUBLIC_URL use http://localhost:PORT instead of 127.0.0.1. An IP
 * address is no valid WebAuthn relying party id, and localhost is a secure context over plain
 * HTTP: the passkey tests need both. Caddy answers any host name on its port.
 */
export type StackOptions = { localhost?: boolean };

export async function e2eStack(
  env: Record<string, string>,
  options: { withMail: true } & StackOptions,
): Promise<Stack & { mail: MailCatcher }>;
export async function e2eStack(
  env?: Record<string, string>,
  options?: StackOptions,
): Promise<Stack>;
export async function e2eStack(
  env: Record<string, string> = {},
  options?: { withMail?: true } & StackOptions,
): Promise<Stack & { mail?: MailCatcher }> {
  try {
    await Deno.stat(`${DIST}index.html`);
  } catch {
    throw new Error("dist/ has no build: run `deno task build` (deno task test does it for you)");
  }
  const cleanups: (() => PromiseLike<void>)[] = [];
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error("e2e clean-up:", error);
      }
    }
  };
  try {
    // Caddy's port is chosen first: the API puts its origin into the links it mails.
    const port = freePort();
    const publicUrl = `http://${options?.localhost ? "localhost" : "127.0.0.1"}:${port}`;
    const apiEnv = { PUBLIC_URL: publicUrl, ...env };
    const api = options?.withMail
      ? await testApi(apiEnv, { withMail: true })
      : await testApi(apiEnv);
    cleanups.push(() => api[Symbol.asyncDispose]());
    const caddy: RunningCaddy = await startCaddy({
      port,
      upstreams: [new URL(api.url).host],
      siteRoot: DIST,
    });
    cleanups.push(() => caddy.stop());
    const chromium = await sharedBrowser();
    // Those still open: a test may close one itself (a browser closed and opened again).
    const contexts = new Set<BrowserContext>();
    cleanups.push(async () => {
      await Promise.all([...contexts].map(async (context) => {
        // A route handler still running for a request the app made as the test ended would
        // throw into no test once its page is gone: such late errors are of no interest.
        for (const page of context.pages()) await page.unrouteAll({ behavior: "ignoreErrors" });
        await context.unrouteAll({ behavior: "ignoreErrors" });
        await context.close();
      }));
    });
    const browser: StackBrowser = {
      async newContext(options) {
        const context = await chromium.newContext(options);
        contexts.add(context);
        context.once("close", () => contexts.delete(context));
        return context;
      },
      async newPage(options) {
        return await (await browser.newContext(options)).newPage();
      },
    };
    const url = options?.localhost ? publicUrl : caddy.url;
    const page = await browser.newPage({ baseURL: url });
    page.setDefaultTimeout(10_000);
    // A test that times out waiting for an element says little; an uncaught error in the app or a
    // request that never got an answer says why. Printed with the test's output when it fails.
    page.on("pageerror", (error) => console.error(`e2e page error: ${error.stack ?? error}`));
    page.on("requestfailed", (request) => {
      const failure = request.failure()?.errorText ?? "";
      // Aborted: left behind by a navigation or a closed page, which tests do on purpose.
      if (!failure.includes("ERR_ABORTED")) {
        console.error(`e2e request failed: ${request.method()} ${request.url()} ${failure}`);
      }
    });
    const mail = "mail" in api ? api.mail as MailCatcher : undefined;
    return { url, api, browser, page, mail, [Symbol.asyncDispose]: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
