import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { buildService } from "../http_server.ts";
import { testDatabase } from "../testing/database.ts";
import { jsonLogger } from "./logger.ts";

async function service() {
  const db = await testDatabase();
  const lines: Record<string, unknown>[] = [];
  const config = loadConfig({ APP_ENV: "test", BCRYPT_ROUNDS: "4", DATABASE_URL: db.appUrl });
  const built = await buildService(config, {
    quiet: true,
    logger: jsonLogger((line) => lines.push(JSON.parse(line))),
  });
  return {
    ...built,
    lines,
    async [Symbol.asyncDispose]() {
      await built.close();
      await db[Symbol.asyncDispose]();
    },
  };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

Deno.test("every request gets one JSON log line with its id, route, status and duration", async () => {
  await using s = await service();
  const res = await s.app.request("/users/12345", { headers: { "X-Request-Id": "caddy-abc-1" } });
  assert.equal(res.headers.get("X-Request-Id"), "caddy-abc-1");
  assert.equal(s.lines.length, 1);
  const [line] = s.lines;
  assert.equal(line.level, "info");
  assert.equal(line.request_id, "caddy-abc-1");
  assert.equal(line.method, "GET");
  assert.equal(line.route, "/users/:id");
  assert.equal(line.status, 404);
  assert.equal(typeof line.duration_ms, "number");
  assert.equal(line.user_id, null);
  assert.ok(!Number.isNaN(Date.parse(String(line.time))));
});

Deno.test("a request without an id, or with a malformed one, gets a generated id", async () => {
  await using s = await service();
  const cases: Record<string, string>[] = [{}, { "X-Request-Id": "bad id with spaces" }];
  for (const headers of cases) {
    const res = await s.app.request("/ping", { headers });
    assert.match(res.headers.get("X-Request-Id") ?? "", /^[0-9a-f-]{36}$/);
  }
});

Deno.test("log lines name the user but never carry passwords, tokens or cookies", async () => {
  await using s = await service();
  const password = "log-test-password-!";
  const reg = await s.app.request(
    "/auth/register",
    json({ username: "logger", email: "logger@example.com", password }),
  );
  const { auth_token } = await reg.json();
  const cookie = reg.headers.get("Set-Cookie") ?? "";
  await s.app.request("/auth/status", { headers: { Authorization: `Bearer ${auth_token}` } });
  await s.app.request(
    "/auth/login",
    json({ email: "logger@example.com", password: "wrong-password-!" }, { Cookie: cookie }),
  );
  const text = JSON.stringify(s.lines);
  for (const secret of [password, "wrong-password-!", auth_token, cookie.split(";")[0]]) {
    assert.ok(!text.includes(secret), `the log contains ${secret}`);
  }
  const status = s.lines.find((line) => line.route === "/auth/status");
  assert.equal(typeof status?.user_id, "number");
  assert.equal(s.lines.length, 3);
});
