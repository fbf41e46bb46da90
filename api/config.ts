/** The only reader of the environment: every setting is parsed and checked here, once. */
import { z } from "zod";

/** At most `max` events per `windowSeconds`, per key. */
export type Limit = { max: number; windowSeconds: number };

/** The limits keyed on a client IP count per network (IPv4 address, IPv6 /64). */
export type RateLimits = {
  /** Login attempts for one account from one network, from a browser not known to it. */
  loginAccountNetwork: Limit;
  /** Login attempts for one account from browsers not known to it, whatever the network. */
  loginAccount: Limit;
  /** Failed logins with one device cookie before that browser is refused too. */
  loginDevice: Limit;
  /** Login attempts per client network. */
  loginIp: Limit;
  registerIp: Limit;
  refreshIp: Limit;
  /** Wrong current passwords per user, on the signed-in account's own flows. */
  reauthUser: Limit;
  /** Attempts by users to change their own email, per user. */
  emailChangeUser: Limit;
  /** Verification, reset and email-change mails to one address, whoever asks. */
  mailAddress: Limit;
  /** Requests that send such mails, per client network. */
  mailIp: Limit;
  /** Token introspections per registered service. */
  introspectService: Limit;
};

export type Config =
  & {
    databaseUrl: string;
    host: string;
    port: number;
    appEnv: "development" | "test" | "production";
    secretKey: string;
    accessTokenTtl: number;
    refreshTokenTtl: number;
    /** Idle limit of a session started without "Keep me signed in". */
    browserSessionTtl: number;
    /** Seconds during which a just-rotated refresh token may be presented again (a reload race). */
    refreshReuseGrace: number;
    /** Seconds from login after which a session ends, however often it was refreshed. */
    sessionMaxAge: number;
    bcryptRounds: number;
    /** Serving isolates of `deno task api` (api/parallel.ts). */
    apiWorkers: number;
    passwordWorkers: number;
    /** 0: no auth cache; every authenticated request reads the database. */
    authCacheFenceMs: number;
    /** How long a service's registration is trusted once read (api/services/service.ts). */
    serviceRememberMs: number;
    /** Untrusted hashing on workers of its own at the lowest CPU priority, where FFI allows. */
    passwordLowPriority: boolean;
    /** Keys the HMAC that new password hashes are made with; unset: plain SHA-256. */
    passwordPepper?: string;
    /** Peers whose X-Forwarded-For is believed (the Caddy in front); nobody else's is. */
    trustedProxies: string[];
    rateLimits: RateLimits;
    /**
     * Days that ended sessions, audit events and delivered (or abandoned) mail are kept before the
     * retention job deletes them, and seconds after which it deletes a rate-limit window
     * (`rateLimitKeepSeconds`).
     */
    retention: {
      sessionDays: number;
      auditDays: number;
      mailDays: number;
      rateLimitSeconds: number;
    };
    /** Seconds a browser stays known to an account after a successful login (its device cookie). */
    deviceCookieTtl: number;
    /** Logins one API process holds waiting for a password worker before answering 503. */
    loginQueueMax: number;
    /** Created at start-up when set and no admin exists yet. */
    firstAdmin?: { email: string; password: string; username: string };
    /** Where mail goes (`smtp://` or `smtps://`); unset outside production: nothing is delivered. */
    smtpUrl?: string;
    /** The From header of every mail. */
    mailFrom: string;
    /** The web app's address as its users reach it: every link in a mail starts with it. */
    publicUrl: string;
    /** The service's name in mails and pages. */
    appName: string;
    /** Access tokens' `aud`: the API refuses a token naming none of them. */
    tokenAudience: string[];
    /** The keys that sign access tokens (api/keys/). */
    signing: SigningSettings;
  }
  & EmailFlowSettings
  & { mfa: MfaSettings };

export type SigningSettings = {
  /** The algorithm of new keys; existing keys keep theirs. */
  alg: "EdDSA" | "ES256";
  /** Seconds a new key is published before it signs (the JWKS cache lifetime). */
  publishDelaySeconds: number;
  /** Days after which a new key replaces the newest; 0: only `keys:rotate` does. */
  rotationDays: number;
};

/** Second factors (`api/mfa/`). */
export type MfaSettings = {
  /** Seconds a strong login or a re-check counts as recent for sensitive actions. */
  stepUpMaxAge: number;
  /** Admins without a second factor are sent to set one up before any admin action. */
  requireAdminMfa: boolean;
  /** Passkeys (`api/passkeys/`): the relying party is PUBLIC_URL's host, its origin expected. */
  webauthn: { rpId: string; rpName: string; origin: string };
};

/** Email verification, account recovery and security notices (`api/email/`). */
export type EmailFlowSettings = {
  /** Registration waits for the verification link, and unverified accounts cannot log in. */
  requireEmailVerification: boolean;
  /** Seconds between two verification, reset or email-change mails to one address. */
  mailResendInterval: number;
  /** Mail the account's owner when it is signed in to from a browser it does not know. */
  notifyNewDevice: boolean;
};

const MIN_SECRET_LENGTH = 32;
// A key like "aaaa…" or "changemechangeme…" is long but guessable.
const MIN_SECRET_DISTINCT_CHARACTERS = 12;
const DATA_DIR = new URL("../.data/", import.meta.url);

const integer = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(
    z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
  );

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "5/15m": at most 5 per 15 minutes. */
const limit = z.string().trim().regex(
  /^[1-9]\d{0,6}\/[1-9]\d{0,4}[smhd]$/,
  'must look like "5/15m" (count per window in s, m, h or d)',
).transform((value): Limit => {
  const [max, window] = value.split("/");
  return {
    max: Number(max),
    windowSeconds: Number(window.slice(0, -1)) * UNIT_SECONDS[window.slice(-1)],
  };
});

const ipList = z.string().transform((value) =>
  value.split(",").map((ip) => ip.trim()).filter(Boolean)
)
  .pipe(
    z.array(z.union([z.ipv4(), z.ipv6()], { error: "must be IP addresses separated by commas" })),
  );

const databaseUrl = z.string().trim().refine(
  (value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value),
  "must be a postgres:// URL",
);

const schema = z.object({
  DATABASE_URL: databaseUrl,
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: integer(0, 65535).default(8000),
  APP_ENV: z.enum(["development", "test", "production"]).default("development"),
  SECRET_KEY: z.string().optional(),
  ACCESS_TOKEN_TTL: integer(1, 7 * 24 * 3600).default(900),
  REFRESH_TOKEN_TTL: integer(60, 365 * 24 * 3600).default(14 * 24 * 3600),
  SESSION_MAX_AGE: integer(60, 365 * 24 * 3600).default(30 * 24 * 3600),
  BROWSER_SESSION_TTL: integer(60, 365 * 24 * 3600).default(30 * 60),
  REFRESH_REUSE_GRACE: integer(0, 60).default(10),
  TRUSTED_PROXIES: ipList.default(["127.0.0.1", "::1"]),
  RATE_LIMIT_LOGIN_ACCOUNT_NETWORK: limit.default({ max: 5, windowSeconds: 15 * 60 }),
  // ASVS V2.2.1's ceiling for a distributed attack on one account.
  RATE_LIMIT_LOGIN_ACCOUNT: limit.default({ max: 100, windowSeconds: 3600 }),
  RATE_LIMIT_LOGIN_DEVICE: limit.default({ max: 5, windowSeconds: 15 * 60 }),
  RATE_LIMIT_LOGIN_IP: limit.default({ max: 20, windowSeconds: 60 }),
  RATE_LIMIT_REGISTER_IP: limit.default({ max: 10, windowSeconds: 3600 }),
  RATE_LIMIT_REFRESH_IP: limit.default({ max: 60, windowSeconds: 60 }),
  RATE_LIMIT_REAUTH_USER: limit.default({ max: 5, windowSeconds: 15 * 60 }),
  RATE_LIMIT_EMAIL_CHANGE: limit.default({ max: 5, windowSeconds: 3600 }),
  RATE_LIMIT_INTROSPECT: limit.default({ max: 6000, windowSeconds: 60 }),
  DEVICE_COOKIE_TTL: integer(60, 5 * 365 * 24 * 3600).default(180 * 24 * 3600),
  LOGIN_QUEUE_MAX: integer(1, 100_000).optional(),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_USERNAME: z.string().default("admin"),
  BCRYPT_ROUNDS: integer(4, 15).default(12),
  PASSWORD_PEPPER: z.string().min(32, "must be at least 32 characters when set").optional(),
  SESSION_RETENTION_DAYS: integer(0, 3650).default(7),
  // prune_audit_events (db/migrations/0007) refuses to keep less than 30 days.
  AUDIT_RETENTION_DAYS: integer(30, 36500).default(365),
  MAIL_RETENTION_DAYS: integer(1, 36500).default(90),
  // How long a replica that stops hearing the auth cache's channel may still answer from memory,
  // and the longest a revoking request waits for the others (api/auth_cache/channel.ts).
  AUTH_CACHE_FENCE_MS: integer(0, 60_000).default(1000),
  // The longest a revoked service may still introspect, on every replica (api/services/).
  SERVICE_REMEMBER_MS: integer(0, 60_000).default(1000),
  // false: untrusted hashing shares the password workers at normal priority (api/auth/passwords.ts).
  PASSWORD_LOW_PRIORITY: z.enum(["true", "false"], { error: "must be true or false" })
    .default("true"),
  // Serving isolates (api/parallel.ts); by default one per core.
  API_WORKERS: integer(1, 256).default(navigator.hardwareConcurrency || 1),
  // Per serving isolate; by default the cores shared out between the isolates (see README).
  PASSWORD_WORKERS: integer(1, 64).optional(),
  SMTP_URL: z.string().trim().refine(
    (value) => /^smtps?:\/\/[^/?#]/.test(value) && URL.canParse(value),
    "must be an smtp:// or smtps:// URL (smtp://user:pass@host:port)",
  ).optional(),
  MAIL_FROM: z.string().trim().max(254).refine(
    (value) => !/[\r\n]/.test(value),
    "must be one line",
  ).optional(),
  PUBLIC_URL: z.string().trim().refine(
    (value) => /^https?:\/\/[^/?#]+\/?$/.test(value) && URL.canParse(value),
    "must be an http:// or https:// origin without a path (https://users.example.com)",
  ).transform((value) => value.replace(/\/$/, "")).default("http://localhost:8080"),
  // It goes into mail headers and HTML: printable characters only, nothing HTML gives meaning to.
  APP_NAME: z.string().trim().min(1).max(60).refine(
    (value) => ![...value].some((char) => char < " " || char === "\x7f" || '<>"'.includes(char)),
    'must be one line without < > "',
  ).default("Users"),
  // Signing keys and the tokens other services verify (api/keys/).
  TOKEN_AUDIENCE: z.string().transform((value) =>
    value.split(",").map((name) => name.trim()).filter(Boolean)
  ).pipe(
    z.array(z.string().regex(/^[\x21-\x7e]{1,100}$/, "must be printable names without spaces"))
      .min(1, "must name at least one audience"),
  ).default(["users"]),
  SIGNING_ALG: z.enum(["EdDSA", "ES256"]).default("EdDSA"),
  SIGNING_KEY_PUBLISH_DELAY: integer(0, 7 * 86_400).default(300),
  SIGNING_KEY_ROTATION_DAYS: integer(0, 3650).default(90),
});

const flag = z.string().trim().toLowerCase().pipe(
  z.enum(["true", "false", "1", "0"], { error: "must be true or false" }),
).transform((value) => value === "true" || value === "1");

// Email verification, recovery and notices: a block of its own.
const emailFlowSchema = z.object({
  // Default: on in production, off elsewhere (see loadConfig).
  REQUIRE_EMAIL_VERIFICATION: flag.optional(),
  MAIL_RESEND_INTERVAL: integer(0, 24 * 3600).default(60),
  RATE_LIMIT_MAIL_ADDRESS: limit.default({ max: 5, windowSeconds: 3600 }),
  RATE_LIMIT_MAIL_IP: limit.default({ max: 20, windowSeconds: 3600 }),
  NOTIFY_NEW_DEVICE: flag.default(true),
});

// Second factors: a block of its own.
const mfaSchema = z.object({
  STEP_UP_MAX_AGE: integer(30, 24 * 3600).default(600),
  // Default: on in production, off elsewhere (see loadConfig).
  REQUIRE_ADMIN_MFA: flag.optional(),
});

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

/**
 * How long a rate-limit row matters: while it is the current or previous window of its limit,
 * so past two of the longest windows, to none.
 */
export function rateLimitKeepSeconds(limits: RateLimits): number {
  return 2 * Math.max(...Object.values(limits).map((limit) => limit.windowSeconds));
}

/** Parses the API's settings; a bad value throws a ConfigError naming each bad variable. */
export function loadConfig(env: Env = Deno.env.toObject()): Config {
  const parsed = schema.safeParse(blankAsUnset(env));
  const parsedFlows = emailFlowSchema.safeParse(blankAsUnset(env));
  const parsedMfa = mfaSchema.safeParse(blankAsUnset(env));
  const issues = [parsed, parsedFlows, parsedMfa].flatMap((result) => result.error?.issues ?? []);
  if (!parsed.success || !parsedFlows.success || !parsedMfa.success) {
    throw configError(new z.ZodError(issues));
  }
  const values = parsed.data;
  const flows = parsedFlows.data;
  const rateLimits: RateLimits = {
    loginAccountNetwork: values.RATE_LIMIT_LOGIN_ACCOUNT_NETWORK,
    loginAccount: values.RATE_LIMIT_LOGIN_ACCOUNT,
    loginDevice: values.RATE_LIMIT_LOGIN_DEVICE,
    loginIp: values.RATE_LIMIT_LOGIN_IP,
    registerIp: values.RATE_LIMIT_REGISTER_IP,
    refreshIp: values.RATE_LIMIT_REFRESH_IP,
    reauthUser: values.RATE_LIMIT_REAUTH_USER,
    emailChangeUser: values.RATE_LIMIT_EMAIL_CHANGE,
    mailAddress: flows.RATE_LIMIT_MAIL_ADDRESS,
    mailIp: flows.RATE_LIMIT_MAIL_IP,
    introspectService: values.RATE_LIMIT_INTROSPECT,
  };
  const mfa = parsedMfa.data;
  // Every isolate gets a worker per core: the kernel spreads connections over the isolates
  // unevenly (4 login connections can all land on one), and with cores ÷ isolates workers each
  // the benchmark's logins used one core of two (0.50 of the bcrypt limit) and the guessing storm
  // left known browsers 0.32 of their rate. Idle workers cost a thread, not CPU.
  const passwordWorkers = values.PASSWORD_WORKERS ?? (navigator.hardwareConcurrency || 1);
  return {
    databaseUrl: values.DATABASE_URL,
    host: values.HOST,
    port: values.PORT,
    appEnv: values.APP_ENV,
    secretKey: secretKey(values.SECRET_KEY, values.APP_ENV),
    accessTokenTtl: values.ACCESS_TOKEN_TTL,
    refreshTokenTtl: values.REFRESH_TOKEN_TTL,
    browserSessionTtl: values.BROWSER_SESSION_TTL,
    refreshReuseGrace: values.REFRESH_REUSE_GRACE,
    sessionMaxAge: values.SESSION_MAX_AGE,
    bcryptRounds: values.BCRYPT_ROUNDS,
    apiWorkers: values.API_WORKERS,
    passwordWorkers,
    authCacheFenceMs: values.AUTH_CACHE_FENCE_MS,
    serviceRememberMs: values.SERVICE_REMEMBER_MS,
    passwordLowPriority: values.PASSWORD_LOW_PRIORITY === "true",
    passwordPepper: values.PASSWORD_PEPPER,
    trustedProxies: values.TRUSTED_PROXIES,
    rateLimits,
    retention: {
      sessionDays: values.SESSION_RETENTION_DAYS,
      auditDays: values.AUDIT_RETENTION_DAYS,
      mailDays: values.MAIL_RETENTION_DAYS,
      rateLimitSeconds: rateLimitKeepSeconds(rateLimits),
    },
    deviceCookieTtl: values.DEVICE_COOKIE_TTL,
    // A few hashes' worth per worker: a second or so of waiting at cost 12, not a minute.
    loginQueueMax: values.LOGIN_QUEUE_MAX ?? 4 * passwordWorkers,
    firstAdmin: firstAdmin(values.ADMIN_EMAIL, values.ADMIN_PASSWORD, values.ADMIN_USERNAME),
    requireEmailVerification: flows.REQUIRE_EMAIL_VERIFICATION ?? values.APP_ENV === "production",
    mailResendInterval: flows.MAIL_RESEND_INTERVAL,
    notifyNewDevice: flows.NOTIFY_NEW_DEVICE,
    mfa: {
      stepUpMaxAge: mfa.STEP_UP_MAX_AGE,
      requireAdminMfa: mfa.REQUIRE_ADMIN_MFA ?? values.APP_ENV === "production",
      webauthn: {
        rpId: new URL(values.PUBLIC_URL).hostname,
        rpName: values.APP_NAME,
        origin: new URL(values.PUBLIC_URL).origin,
      },
    },
    smtpUrl: smtpUrl(values.SMTP_URL, values.APP_ENV),
    mailFrom: values.MAIL_FROM ?? `${values.APP_NAME} <no-reply@localhost>`,
    publicUrl: values.PUBLIC_URL,
    appName: values.APP_NAME,
    tokenAudience: values.TOKEN_AUDIENCE,
    signing: {
      alg: values.SIGNING_ALG,
      publishDelaySeconds: values.SIGNING_KEY_PUBLISH_DELAY,
      rotationDays: values.SIGNING_KEY_ROTATION_DAYS,
    },
  };
}

/** DATABASE_URL alone, for tools that only talk to the database; undefined when unset. */
export function loadDatabaseUrl(env: Env = Deno.env.toObject()): string | undefined {
  const parsed = z.object({ DATABASE_URL: databaseUrl.optional() }).safeParse(blankAsUnset(env));
  if (!parsed.success) throw configError(parsed.error);
  return parsed.data.DATABASE_URL;
}

/** The role the API connects as, for the migration runner, which creates it and grants to it. */
export type AppRoleSettings = { name: string; password?: string };

const appRoleSchema = z.object({
  // An identifier PostgreSQL takes without quotes, so it reads the same in every tool.
  DATABASE_APP_ROLE: z.string().trim().regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    "must be a lowercase PostgreSQL role name (letters, digits, _)",
  ).default("users_app"),
  // Printable ASCII: the client sends it as it is (SASLprep changes nothing) and it fits in a URL.
  DATABASE_APP_PASSWORD: z.string().regex(
    /^[\x21-\x7e]{16,}$/,
    "must be at least 16 printable ASCII characters without spaces (`openssl rand -hex 32`)",
  ).optional(),
});

/** DATABASE_APP_ROLE and DATABASE_APP_PASSWORD, read by `deno task db:migrate`. */
export function loadAppRole(env: Env = Deno.env.toObject()): AppRoleSettings {
  const parsed = appRoleSchema.safeParse(blankAsUnset(env));
  if (!parsed.success) throw configError(parsed.error);
  return { name: parsed.data.DATABASE_APP_ROLE, password: parsed.data.DATABASE_APP_PASSWORD };
}

function firstAdmin(email?: string, password?: string, username = "admin") {
  if (email === undefined && password === undefined) return undefined;
  if (email === undefined || password === undefined) {
    throw new ConfigError("ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither");
  }
  return { email, password, username };
}

function smtpUrl(given: string | undefined, appEnv: Config["appEnv"]): string | undefined {
  // Without it, verification and reset links would silently never leave the building.
  if (given === undefined && appEnv === "production") {
    throw new ConfigError(
      "SMTP_URL: required in production, where mail must reach people " +
        "(smtp://user:pass@host:587 or smtps://user:pass@host:465)",
    );
  }
  return given;
}

function secretKey(given: string | undefined, appEnv: Config["appEnv"]): string {
  if (given !== undefined) {
    if (appEnv === "production" && given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `SECRET_KEY: must be at least ${MIN_SECRET_LENGTH} characters in production`,
      );
    }
    if (appEnv === "production" && new Set(given).size < MIN_SECRET_DISTINCT_CHARACTERS) {
      throw new ConfigError(
        "SECRET_KEY: too predictable for production; use `openssl rand -base64 48`",
      );
    }
    return given;
  }
  if (appEnv === "production") {
    throw new ConfigError("SECRET_KEY: required in production (at least 32 random characters)");
  }
  // Tests get a fresh key per process; development keeps one so tokens survive restarts.
  return appEnv === "test" ? randomSecret() : developmentSecret();
}

function developmentSecret(): string {
  const file = new URL("secret_key", DATA_DIR);
  try {
    const stored = Deno.readTextFileSync(file).trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const secret = randomSecret();
  Deno.mkdirSync(DATA_DIR, { recursive: true });
  Deno.writeTextFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}

function blankAsUnset(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim() !== ""));
}

function configError(error: z.ZodError): ConfigError {
  const lines = error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const message = issue.code === "invalid_type" && issue.input === undefined
      ? "required"
      : issue.message;
    return `${name}: ${message}`;
  });
  return new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
}
