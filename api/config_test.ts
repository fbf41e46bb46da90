import assert from "node:assert/strict";
import { ConfigError, loadAppRole, loadConfig, loadDatabaseUrl } from "./config.ts";

const base = { DATABASE_URL: "postgres://u@localhost:5432/db", APP_ENV: "test" };
const strong = "Zq4v9Lk2Xw7Rt1Yp8Mn3Bc6Hd0Fg5Js-";

Deno.test("loadConfig applies the documented defaults", () => {
  const config = loadConfig(base);
  assert.equal(config.port, 8000);
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.accessTokenTtl, 900);
  assert.equal(config.refreshTokenTtl, 14 * 24 * 3600);
  assert.equal(config.sessionMaxAge, 30 * 24 * 3600);
  assert.equal(config.bcryptRounds, 12);
  assert.equal(config.appEnv, "test");
  assert.ok(config.secretKey.length >= 32);
  assert.equal(
    loadConfig({ DATABASE_URL: base.DATABASE_URL, SECRET_KEY: strong }).appEnv,
    "development",
  );
});

Deno.test("loadConfig reads every variable", () => {
  const config = loadConfig({
    ...base,
    PORT: "9001",
    ACCESS_TOKEN_TTL: "60",
    BCRYPT_ROUNDS: "4",
    SECRET_KEY: strong,
    APP_ENV: "production",
    SMTP_URL: "smtps://mailer:pw@smtp.example.com:465",
    MAIL_FROM: "Example <accounts@example.com>",
    PUBLIC_URL: "https://users.example.com/",
    APP_NAME: "Example",
  });
  assert.deepEqual(
    [config.port, config.accessTokenTtl, config.bcryptRounds, config.secretKey, config.appEnv],
    [9001, 60, 4, strong, "production"],
  );
  assert.deepEqual(
    [config.smtpUrl, config.mailFrom, config.publicUrl, config.appName],
    [
      "smtps://mailer:pw@smtp.example.com:465",
      "Example <accounts@example.com>",
      "https://users.example.com",
      "Example",
    ],
  );
});

Deno.test("mail settings default to a local, unnamed setup outside production", () => {
  const config = loadConfig({ ...base, APP_NAME: "Acme Accounts" });
  assert.equal(config.smtpUrl, undefined);
  assert.equal(config.publicUrl, "http://localhost:8080");
  assert.equal(config.mailFrom, "Acme Accounts <no-reply@localhost>");
  assert.equal(loadConfig(base).appName, "Users");
});

Deno.test("production without SMTP_URL refuses to start, naming the setting", () => {
  const production = { ...base, APP_ENV: "production", SECRET_KEY: strong };
  assert.throws(
    () => loadConfig(production),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^SMTP_URL: required in production/);
      return true;
    },
  );
  assert.equal(
    loadConfig({ ...production, SMTP_URL: "smtp://relay:25" }).smtpUrl,
    "smtp://relay:25",
  );
});

Deno.test("bad mail settings are named", () => {
  assert.throws(
    () =>
      loadConfig({
        ...base,
        SMTP_URL: "http://smtp.example.com",
        PUBLIC_URL: "https://example.com/app?x=1",
        MAIL_FROM: "a\r\nBcc: victim@example.com",
        APP_NAME: "<script>",
      }),
    (error: Error) => {
      for (const name of ["SMTP_URL", "PUBLIC_URL", "MAIL_FROM", "APP_NAME"]) {
        assert.match(error.message, new RegExp(`^  ${name}: `, "m"), error.message);
      }
      return true;
    },
  );
});

Deno.test("loadConfig names each bad variable in one error", () => {
  assert.throws(
    () =>
      loadConfig({
        DATABASE_URL: "mysql://nope",
        PORT: "eighty",
        APP_ENV: "staging",
        ACCESS_TOKEN_TTL: "0",
        BCRYPT_ROUNDS: "3",
      }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      for (const name of ["DATABASE_URL", "PORT", "APP_ENV", "ACCESS_TOKEN_TTL", "BCRYPT_ROUNDS"]) {
        assert.match(error.message, new RegExp(`^  ${name}: `, "m"), error.message);
      }
      return true;
    },
  );
});

Deno.test("loadConfig requires DATABASE_URL", () => {
  assert.throws(() => loadConfig({ APP_ENV: "test" }), /DATABASE_URL: required/);
});

Deno.test("BCRYPT_ROUNDS must be 4 to 15", () => {
  assert.throws(
    () => loadConfig({ ...base, BCRYPT_ROUNDS: "3" }),
    /BCRYPT_ROUNDS: must be at least 4/,
  );
  assert.throws(
    () => loadConfig({ ...base, BCRYPT_ROUNDS: "16" }),
    /BCRYPT_ROUNDS: must be at most 15/,
  );
  assert.equal(loadConfig({ ...base, BCRYPT_ROUNDS: "15" }).bcryptRounds, 15);
});

Deno.test("production refuses a missing or short SECRET_KEY", () => {
  const production = { ...base, APP_ENV: "production" };
  assert.throws(() => loadConfig(production), /SECRET_KEY: required in production/);
  assert.throws(
    () => loadConfig({ ...production, SECRET_KEY: "short" }),
    /SECRET_KEY: must be at least 32 characters/,
  );
});

Deno.test("production refuses a long but predictable SECRET_KEY", () => {
  assert.throws(
    () => loadConfig({ ...base, APP_ENV: "production", SECRET_KEY: "ab".repeat(32) }),
    /SECRET_KEY: too predictable/,
  );
});

Deno.test("test mode makes a fresh random secret each time", () => {
  assert.notEqual(loadConfig(base).secretKey, loadConfig(base).secretKey);
});

Deno.test("blank values count as unset", () => {
  assert.equal(loadConfig({ ...base, PORT: "  " }).port, 8000);
});

Deno.test("loadDatabaseUrl returns undefined when unset and rejects a bad URL", () => {
  assert.equal(loadDatabaseUrl({}), undefined);
  assert.equal(loadDatabaseUrl(base), base.DATABASE_URL);
  assert.throws(
    () => loadDatabaseUrl({ DATABASE_URL: "nope" }),
    /DATABASE_URL: must be a postgres/,
  );
});

Deno.test("loadConfig reads the retention days and an optional pepper of at least 32 characters", () => {
  const defaults = loadConfig(base);
  assert.deepEqual(defaults.retention, {
    sessionDays: 7,
    auditDays: 365,
    mailDays: 90,
    rateLimitSeconds: 7200,
  });
  assert.equal(defaults.passwordPepper, undefined);
  const set = loadConfig({
    ...base,
    SESSION_RETENTION_DAYS: "3",
    AUDIT_RETENTION_DAYS: "90",
    MAIL_RETENTION_DAYS: "30",
    PASSWORD_PEPPER: strong,
  });
  assert.deepEqual(set.retention, {
    sessionDays: 3,
    auditDays: 90,
    mailDays: 30,
    rateLimitSeconds: 7200,
  });
  assert.equal(set.passwordPepper, strong);
  for (
    const bad of [{ AUDIT_RETENTION_DAYS: "29" }, { MAIL_RETENTION_DAYS: "0" }, {
      PASSWORD_PEPPER: "short",
    }]
  ) {
    assert.throws(() => loadConfig({ ...base, ...bad }), ConfigError, JSON.stringify(bad));
  }
});

Deno.test("login limits default to ASVS's: 5 per network and account, 100 per account an hour", () => {
  const config = loadConfig({ ...base, PASSWORD_WORKERS: "3" });
  assert.deepEqual(config.rateLimits.loginAccountNetwork, { max: 5, windowSeconds: 900 });
  assert.deepEqual(config.rateLimits.loginAccount, { max: 100, windowSeconds: 3600 });
  assert.deepEqual(config.rateLimits.loginDevice, { max: 5, windowSeconds: 900 });
  assert.deepEqual(config.rateLimits.reauthUser, { max: 5, windowSeconds: 900 });
  assert.equal(config.deviceCookieTtl, 180 * 24 * 3600);
  assert.equal(config.loginQueueMax, 12);
  const set = loadConfig({ ...base, LOGIN_QUEUE_MAX: "7", RATE_LIMIT_LOGIN_ACCOUNT: "50/1d" });
  assert.equal(set.loginQueueMax, 7);
  assert.deepEqual(set.rateLimits.loginAccount, { max: 50, windowSeconds: 86400 });
  assert.throws(() => loadConfig({ ...base, LOGIN_QUEUE_MAX: "0" }), /LOGIN_QUEUE_MAX/);
});

Deno.test("loadAppRole defaults to users_app without a password and checks both settings", () => {
  assert.deepEqual(loadAppRole({}), { name: "users_app", password: undefined });
  const password = "0123456789abcdef0123";
  assert.deepEqual(loadAppRole({ DATABASE_APP_ROLE: "api", DATABASE_APP_PASSWORD: password }), {
    name: "api",
    password,
  });
  for (
    const [env, bad] of [
      [{ DATABASE_APP_ROLE: "Users-App" }, /DATABASE_APP_ROLE: must be a lowercase/],
      [{ DATABASE_APP_ROLE: "users; drop" }, /DATABASE_APP_ROLE/],
      [{ DATABASE_APP_PASSWORD: "short" }, /DATABASE_APP_PASSWORD: must be at least 16/],
      [{ DATABASE_APP_PASSWORD: "with spaces inside it" }, /DATABASE_APP_PASSWORD/],
    ] as const
  ) {
    assert.throws(() => loadAppRole(env), (error: Error) => {
      return error instanceof ConfigError && bad.test(error.message);
    });
  }
});

Deno.test("token and signing-key settings: defaults, lists and bad values", () => {
  const url = "postgres://u@h/db";
  const defaults = loadConfig({ DATABASE_URL: url, APP_ENV: "test" });
  assert.equal(defaults.publicUrl, "http://localhost:8080");
  assert.deepEqual(defaults.tokenAudience, ["users"]);
  assert.deepEqual(defaults.signing, { alg: "EdDSA", publishDelaySeconds: 300, rotationDays: 90 });
  const set = loadConfig({
    DATABASE_URL: url,
    APP_ENV: "test",
    PUBLIC_URL: "https://users.example.com/",
    TOKEN_AUDIENCE: " users, exercises ,",
    SIGNING_ALG: "ES256",
    SIGNING_KEY_PUBLISH_DELAY: "0",
    SIGNING_KEY_ROTATION_DAYS: "0",
  });
  assert.equal(set.publicUrl, "https://users.example.com");
  assert.deepEqual(set.tokenAudience, ["users", "exercises"]);
  assert.deepEqual(set.signing, { alg: "ES256", publishDelaySeconds: 0, rotationDays: 0 });
  assert.throws(
    () =>
      loadConfig({
        DATABASE_URL: url,
        PUBLIC_URL: "https://users.example.com/app",
        TOKEN_AUDIENCE: ",",
        SIGNING_ALG: "HS256",
        SIGNING_KEY_ROTATION_DAYS: "-1",
      }),
    (error: Error) =>
      ["PUBLIC_URL", "TOKEN_AUDIENCE", "SIGNING_ALG", "SIGNING_KEY_ROTATION_DAYS"].every((name) =>
        error.message.includes(`${name}:`)
      ),
  );
});
