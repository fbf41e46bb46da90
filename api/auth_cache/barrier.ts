import { createMiddleware } from "hono/factory";
import type { AuthCache } from "./auth_cache.ts";

// Requests that change nothing an authenticated request reads, or that only read.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// A POST that only reads, and the one GET that changes (the logout link).
const READ_ONLY = new Set(["/auth/introspect"]);
const CHANGING_GETS = new Set(["/auth/logout"]);
// Refusals of the request's shape, route or rate: nothing ran that could change a user or a
// session, and a malformed request should not wait on the database to hear so. 503: the database
// is unavailable, so nothing committed (nothing that can fail runs after a commit), and the answer
// must come fast. (401 and 403 are not among them: a refresh refused for reuse revokes.)
const REFUSED = new Set([400, 404, 405, 413, 415, 429, 503]);

/**
 * Holds the answer of every request that may have changed a user or a session until no API
 * process can still answer from what it replaced (AuthCache.barrier): "logged out" or
 * "deactivated" then means it, on every replica. A millisecond or two on each such request;
 * logins spend hundreds on bcrypt.
 */
export function revocationBarrier(cache: AuthCache) {
  return createMiddleware(async (c, next) => {
    await next();
    if (REFUSED.has(c.res.status)) return;
    const path = c.req.path;
    const changing = SAFE_METHODS.has(c.req.method)
      ? CHANGING_GETS.has(path)
      : !READ_ONLY.has(path);
    if (changing) await cache.barrier();
  });
}
