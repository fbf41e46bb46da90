/**
 * A real API server for one test: its own database cloned from the migrated template,
 * listening on a free port, disposed with `await using`.
 */
import { signedIn, startSession } from "../auth/session_service.ts";
import { fileLogger, silentLogger } from "../http/logger.ts";
import { loadConfig } from "../config.ts";
import { conformance } from "../openapi/conformance.ts";
import type { Deps } from "../deps.ts";
import { type RunningServer, startServer } from "../http_server.ts";
import { insertUser, type User } from "../users/queries.ts";
import type { RetryPolicy } from "../mail/schedule.ts";
import { type TestDatabase, testDatabase } from "./database.ts";
import { type MailCatcher, type MailCatcherOptions, startMailCatcher } from "./mail_catcher.ts";

export type TestApi = AsyncDisposable & {
  url: string;
  db: TestDatabase;
  deps: Deps;
  /** The app the server runs: its routes' declarations are the OpenAPI document. */
  app: RunningServer["app"];
  /** fetch() against the server, with JSON bodies and an optional bearer token. */
  request(path: string, init?: ApiRequest): Promise<ApiResponse>;
  /** Inserts a user directly and logs them in; the password is returned too. */
  createUser(fields?: Partial<TestUserFields>): Promise<TestUser>;
};

/** `json` sends a JSON body; `body` sends one as it is (for malformed or non-JSON bodies). */
export type ApiRequest = RequestInit & { json?: unknown; token?: string };
// deno-lint-ignore no-explicit-any
export type ApiResponse = { status: number; headers: Headers; body: any };
export type TestUserFields = {
  username: string;
  email: string;
  password: string;
  admin: boolean;
  active: boolean;
};
export type TestUser = {
  user: User;
  password: string;
  token: string;
  sessionId: string;
  refreshToken: string;
};

/**
 * `withMail`: the server delivers its mail, with its worker running, over SMTP to a catcher of
 * its own (`api.mail`), retrying on `retry`'s schedule (by default 50 ms doubling to 200 ms,
 * so a test never waits for production's 10 s).
 */
export type MailTestOptions = {
  withMail: true;
  retry?: RetryPolicy;
  rejectRecipient?: MailCatcherOptions["rejectRecipient"];
};

/** Fast enough for tests; production's is RETRY_POLICY (api/mail/schedule.ts). */
export const TEST_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 50,
  maxDelayMs: 200,
  giveUpAfterMs: 24 * 3600_000,
};
/** How often a test's mail worker looks for retries that came due. */
export const TEST_MAIL_POLL_MS = 50;

let counter = 0;

/** `env` overrides the test defaults (cheap bcrypt, random secret, port 0). */
export async function testApi(
  env: Record<string, string>,
  options: MailTestOptions,
): Promise<TestApi & { mail: MailCatcher }>;
// Last, so that `ReturnType<typeof testApi>` is the plain one.
export async function testApi(env?: Record<string, string>): Promise<TestApi>;
export async function testApi(
  env: Record<string, string> = {},
  options?: MailTestOptions,
): Promise<TestApi & { mail?: MailCatcher }> {
  const db = await testDatabase();
  let server: RunningServer;
  let mail: MailCatcher | undefined;
  try {
    if (options?.withMail) {
      mail = await startMailCatcher({ rejectRecipient: options.rejectRecipient });
    }
    const config = loadConfig({
      APP_ENV: "test",
      BCRYPT_ROUNDS: "4",
      PASSWORD_WORKERS: "2",
      PORT: "0",
      ...env,
      ...mail && { SMTP_URL: mail.url },
      DATABASE_URL: db.appUrl,
    });
    const logFile = Deno.env.get("TEST_LOG_FILE");
    server = await startServer(config, {
      quiet: true,
      logger: logFile ? fileLogger(logFile) : silentLogger,
      mail: { retry: options?.retry ?? TEST_RETRY_POLICY, pollIntervalMs: TEST_MAIL_POLL_MS },
    });
  } catch (error) {
    await mail?.close();
    await db[Symbol.asyncDispose]();
    throw error;
  }

  const assertConforms = conformance(server.app);
  const request = async (path: string, init: ApiRequest = {}): Promise<ApiResponse> => {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set("Content-Type", "application/json");
    if (token !== undefined) headers.set("Authorization", `Bearer ${token}`);
    const response = await fetch(server.url + path, {
      ...rest,
      headers,
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
    const text = await response.text();
    const contentType = response.headers.get("Content-Type");
    const body = contentType?.includes("json") && text ? JSON.parse(text) : text;
    // Every response of every API test must be one the OpenAPI document allows.
    assertConforms({
      method: rest.method ?? "GET",
      path,
      status: response.status,
      contentType,
      body,
    });
    return { status: response.status, headers: response.headers, body };
  };

  return {
    url: server.url,
    mail,
    db,
    deps: server.deps,
    app: server.app,
    request,
    async createUser(fields = {}) {
      const n = ++counter;
      const password = fields.password ?? `password-${n}`;
      const user = await insertUser(server.deps.sql, {
        username: fields.username ?? `user${n}`,
        email: fields.email ?? `user${n}@example.com`,
        password_hash: await server.deps.passwords.hash(password),
        admin: fields.admin ?? false,
        active: fields.active ?? true,
      });
      const session = await startSession(
        server.deps.sql,
        user.id,
        { ttlSeconds: 3600, maxAgeSeconds: 3600 },
        { userAgent: "test fixture", ip: "127.0.0.1" },
      );
      const { access } = await signedIn(server.deps, session, user);
      return {
        user,
        password,
        token: access.token,
        sessionId: session.sessionId,
        refreshToken: session.token,
      };
    },
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await mail?.close();
      await db[Symbol.asyncDispose]();
    },
  };
}
