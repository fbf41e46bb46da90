import type { NotFoundHandler } from "hono";
import { ApiError } from "./errors.ts";

type Route = { method: string; path: string };

/**
 * A notFound handler that tells "no such path" (404) from "no such method here" (405 with
 * `Allow`, as HTTP asks). OPTIONS on a known path answers 204 with `Allow`.
 */
export function methodAwareNotFound(routes: () => Route[], fallback: NotFoundHandler) {
  const handler: NotFoundHandler = (c) => {
    const allowed = new Set<string>();
    for (const route of routes()) {
      if (route.method === "ALL" || !pattern(route.path).test(c.req.path)) continue;
      allowed.add(route.method);
      if (route.method === "GET") allowed.add("HEAD");
    }
    if (allowed.size === 0) return fallback(c);
    const allow = [...allowed, "OPTIONS"].join(", ");
    if (c.req.method === "OPTIONS") return c.body(null, 204, { Allow: allow });
    throw new ApiError(405, "Method not allowed.", { headers: { Allow: allow } });
  };
  return handler;
}

const patterns = new Map<string, RegExp>();

function pattern(path: string): RegExp {
  let regex = patterns.get(path);
  if (!regex) {
    const source = path.split("/").map((part) =>
      part.startsWith(":")
        ? "[^/]+"
        : part === "*"
        ? ".*"
        : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    ).join("/");
    regex = new RegExp(`^${source}/?$`);
    patterns.set(path, regex);
  }
  return regex;
}
