/**
 * The exercises service: a second service that knows its callers only through the users
 * service's tokens. Every route is under /exercises, the prefix Caddy routes to it.
 *   GET /exercises/health  no token: for start-up checks
 *   GET /exercises/mine    any signed-in user, verified offline (JWKS)
 *   GET /exercises/admin   admins only, verified offline: the token's `admin` claim
 *   GET /exercises/live    any signed-in user, introspected: a logout is refused at once
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Caller, Verifier } from "./verify.ts";
import { Unauthenticated, UsersUnavailable } from "./verify.ts";

type Env = { Variables: { caller: Caller } };

// A real service would keep these in its own database.
const EXERCISES = [
  { id: 1, body: "Define a function sum that takes two numbers and returns their sum." },
  { id: 2, body: "Define a function reverse that reverses a string." },
];

export function createExercisesApp(verifier: Verifier) {
  const app = new Hono<Env>().basePath("/exercises");

  const signedIn = (how: "offline" | "introspected") =>
    createMiddleware<Env>(async (c, next) => {
      const match = /^Bearer +(\S+)$/i.exec(c.req.header("Authorization") ?? "");
      if (!match) throw new Unauthenticated("no token");
      c.set("caller", await verifier[how](match[1]));
      await next();
    });

  app.get("/health", (c) => c.json({ status: "success", message: "ok" }));
  app.get("/mine", signedIn("offline"), (c) =>
    c.json({
      status: "success",
      data: { user_id: c.get("caller").userId, exercises: EXERCISES, verified: "offline" },
    }));
  app.get("/admin", signedIn("offline"), (c) => {
    if (!c.get("caller").admin) {
      return c.json({ status: "fail", message: "Admins only." }, 403);
    }
    return c.json({ status: "success", data: { exercises: EXERCISES.length } });
  });
  app.get("/live", signedIn("introspected"), (c) =>
    c.json({
      status: "success",
      data: { user_id: c.get("caller").userId, exercises: EXERCISES, verified: "introspection" },
    }));

  app.onError((error, c) => {
    if (error instanceof Unauthenticated) {
      c.header("WWW-Authenticate", 'Bearer realm="exercises", error="invalid_token"');
      return c.json({ status: "fail", message: "Provide a valid auth token." }, 401);
    }
    if (error instanceof UsersUnavailable) {
      console.error(`exercises: ${error.message}`);
      return c.json({ status: "error", message: "Service unavailable." }, 503);
    }
    console.error(error);
    return c.json({ status: "error", message: "Something went wrong." }, 500);
  });
  app.notFound((c) => c.json({ status: "fail", message: "Not found." }, 404));
  return app;
}
