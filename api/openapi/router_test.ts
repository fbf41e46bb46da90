import assert from "node:assert/strict";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { errorHandler } from "../http/error_handler.ts";
import { silentLogger } from "../http/logger.ts";
import { conformance } from "./conformance.ts";
import { AUTH, BEARER, fail, fails, ok, PUBLIC } from "./replies.ts";
import { messageBody } from "./responses.ts";
import { createRoute, jsonBody, pathParam, router } from "./router.ts";

const body = z.strictObject({ name: z.string().min(1, "Name is required.") });
const user = createMiddleware<{ Variables: { user: { name: string } } }>(async (c, next) => {
  if (!c.req.header("Authorization")) throw new Error("no user");
  c.set("user", { name: "grace" });
  await next();
});

/** A tiny app of two declared routes, with the API's error handler. */
function tinyApp() {
  const app = router()
    .openapi(
      createRoute({
        method: "post",
        path: "/things/{id}",
        operationId: "renameThing",
        summary: "Rename a thing",
        security: BEARER,
        middleware: [user] as const,
        request: {
          params: z.object({ id: pathParam("The thing's id.", { type: "integer", minimum: 1 }) }),
          body: jsonBody(body, { name: "spoon" }),
        },
        responses: {
          200: ok(messageBody, "Renamed."),
          ...fails(400, ...AUTH),
          ...fail(404, '"No such thing."'),
        },
      }),
      (c) => {
        // The middleware's variables and the validated input are typed in the handler.
        const message = `${c.get("user").name} renamed ${c.req.valid("param").id} to ` +
          c.req.valid("json").name;
        return c.json({ status: "success" as const, message }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/leak",
        operationId: "leak",
        summary: "Answer with a field the document does not name",
        security: PUBLIC,
        responses: { 200: ok(messageBody, "A message.") },
      }),
      // deno-lint-ignore no-explicit-any
      (c) => c.json({ status: "success", message: "hi", secret: "x" } as any, 200),
    );
  app.onError(errorHandler(silentLogger));
  return app;
}

async function post(init: RequestInit & { path?: string }) {
  const res = await tinyApp().request(init.path ?? "/things/7", {
    method: "POST",
    ...init,
    headers: { Authorization: "Bearer x", ...init.headers },
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("a declared route validates its body and answers our 400 envelope when it fails", async () => {
  const json = { "Content-Type": "application/json" };
  assert.deepEqual(await post({ headers: json, body: '{"name":"fork"}' }), {
    status: 200,
    body: { status: "success", message: "grace renamed 7 to fork" },
  });
  assert.deepEqual(await post({ headers: json, body: '{"name":"","colour":"red"}' }), {
    status: 400,
    body: {
      status: "fail",
      message: "Invalid payload.",
      errors: [
        { field: "name", message: "Name is required." },
        { field: "colour", message: "Unknown field." },
      ],
    },
  });
  // A missing body is validated too (the body is declared required), not let through as {}.
  const missing = await post({});
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body.errors.map((error: { field: string }) => error.field), ["name"]);
});

Deno.test("a body of another media type answers 400 like the app's own JSON guard", async () => {
  for (const init of [{ body: "" }, { body: "name=fork" }]) {
    const res = await post({ ...init, headers: { "Content-Type": "text/plain" } });
    assert.deepEqual(res, {
      status: 400,
      body: {
        status: "fail",
        message: "Invalid payload.",
        errors: [{ field: "body", message: "Content-Type must be application/json." }],
      },
    }, JSON.stringify(init));
  }
});

Deno.test("any path parameter passes validation: the handler decides what does not exist", async () => {
  const res = await post({
    path: "/things/not-a-number",
    headers: { "Content-Type": "application/json" },
    body: '{"name":"fork"}',
  });
  assert.equal(res.status, 200);
});

Deno.test("the conformance check reads the routes' declarations", async () => {
  const app = tinyApp();
  const check = conformance(app);
  const json = "application/json";
  const renamed = { status: "success", message: "Renamed." };
  check({ method: "POST", path: "/things/7", status: 200, contentType: json, body: renamed });
  check({
    method: "POST",
    path: "/things/7",
    status: 404,
    contentType: json,
    body: { status: "fail", message: "No such thing." },
  });
  assert.throws(
    () => check({ method: "POST", path: "/things/7", status: 409, contentType: json, body: {} }),
    /^AssertionError.*POST \/things\/\{id\} \(renameThing\) answered 409, a status the document does not list \(200, 400, 401, 403, 404\)/,
  );
  const leak = await app.request("/leak");
  const leaked = {
    method: "GET",
    path: "/leak",
    status: leak.status,
    contentType: leak.headers.get("Content-Type"),
    body: await leak.json(),
  };
  assert.throws(
    () => check(leaked),
    /GET \/leak \(leak\) answered 200 with a body the document does not allow:\n.*secret/,
  );
  assert.throws(
    () => check({ method: "GET", path: "/things/7", status: 404, contentType: json, body: {} }),
    /GET \/things\/7 \(no such operation\) answered 404, expected 405/,
  );
});
