/** The exercises service's settings, read once from the environment. */

export type ExercisesConfig = {
  host: string;
  port: number;
  /** Where the users service answers this service directly: its JWKS and introspection. */
  usersUrl: string;
  /** The `iss` a token must carry: the users service's PUBLIC_URL. */
  issuer: string;
  /** The `aud` a token must name: this service, listed in the users service's TOKEN_AUDIENCE. */
  audience: string;
  /** Credentials from `deno task service:create exercises`; without them /live answers 503. */
  introspection?: { clientId: string; clientSecret: string };
  /** How long the key set is used before it is fetched again (the JWKS' max-age). */
  jwksCacheSeconds: number;
  /** The least time between two fetches of the key set forced by an unknown kid. */
  jwksCooldownSeconds: number;
};

export class ExercisesConfigError extends Error {
  override name = "ExercisesConfigError";
}

type Env = Record<string, string | undefined>;

export function loadExercisesConfig(env: Env = Deno.env.toObject()): ExercisesConfig {
  const get = (name: string) => env[name]?.trim() || undefined;
  const problems: string[] = [];
  const number = (name: string, fallback: number, min: number, max: number) => {
    const value = get(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) problems.push(`${name}: ${min} to ${max}`);
    return n;
  };
  const url = (name: string, fallback: string) => {
    const value = (get(name) ?? fallback).replace(/\/+$/, "");
    if (!/^https?:\/\//.test(value) || !URL.canParse(value)) {
      problems.push(`${name}: an http(s) URL`);
    }
    return value;
  };
  const clientId = get("INTROSPECT_CLIENT_ID");
  const clientSecret = get("INTROSPECT_CLIENT_SECRET");
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    problems.push("INTROSPECT_CLIENT_ID and INTROSPECT_CLIENT_SECRET: set both or neither");
  }
  const config: ExercisesConfig = {
    host: get("HOST") ?? "127.0.0.1",
    port: number("PORT", 8100, 0, 65535),
    usersUrl: url("USERS_URL", "http://127.0.0.1:8000"),
    issuer: url("TOKEN_ISSUER", "http://localhost:8080"),
    audience: get("TOKEN_AUDIENCE") ?? "exercises",
    introspection: clientId && clientSecret ? { clientId, clientSecret } : undefined,
    jwksCacheSeconds: number("JWKS_CACHE_SECONDS", 300, 0, 86_400),
    jwksCooldownSeconds: number("JWKS_COOLDOWN_SECONDS", 30, 0, 3600),
  };
  if (problems.length > 0) {
    throw new ExercisesConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return config;
}
