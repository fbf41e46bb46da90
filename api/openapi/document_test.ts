import assert from "node:assert/strict";
import { z } from "zod";
import { createApp } from "../app.ts";
import { registerBody } from "../auth/schemas.ts";
import { testApi } from "../testing/api.ts";
import { userSearchQuery } from "../users/schemas.ts";
import { API_VERSION, type DocumentedApp, openApiDocument } from "./document.ts";
import { DOCS_PATHS } from "./routes.ts";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];

// deno-lint-ignore no-explicit-any
type Loose = Record<string, any>;

/** The document as a client reads it: plain JSON. */
function documentOf(app: DocumentedApp): Loose {
  return JSON.parse(JSON.stringify(openApiDocument(app)));
}

function operationsOf(document: Loose) {
  return Object.entries(document.paths as Loose).flatMap(([path, item]) =>
    Object.entries(item as Loose).filter(([method]) => METHODS.includes(method)).map((
      [method, op],
    ) => ({ key: `${method.toUpperCase()} ${path}`, op: op as Loose }))
  );
}

/** The routes the app declared with `createRoute`, as the library registered them. */
function declaredRoutes(app: DocumentedApp) {
  return app.openAPIRegistry.definitions.flatMap((definition) =>
    definition.type === "route" ? [definition.route] : []
  );
}

Deno.test("every route the app registers is an operation of the document, and nothing else is", async () => {
  await using api = await testApi();
  const app = createApp(api.deps);
  const registered = new Set(
    app.routes
      .filter((route) => route.method !== "ALL" && !DOCS_PATHS.includes(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`),
  );
  const documented = new Set(operationsOf(documentOf(app)).map(({ key }) => key));
  assert.ok(registered.size >= 20, `only ${registered.size} routes found`);
  assert.deepEqual([...registered].filter((key) => !documented.has(key)), [], "undocumented");
  assert.deepEqual([...documented].filter((key) => !registered.has(key)), [], "not registered");
});

Deno.test("the document is OpenAPI 3.1 with a version, operation ids, responses and tags", async () => {
  await using api = await testApi();
  const document = documentOf(api.app);
  assert.match(document.openapi, /^3\.1\.\d+$/);
  assert.equal(document.info.version, API_VERSION);
  assert.ok(document.info.title);
  const tags = new Set(document.tags.map((tag: Loose) => tag.name));
  const ids = new Set<string>();
  for (const { key, op } of operationsOf(document)) {
    assert.match(op.operationId, /^[A-Za-z]\w*$/, key);
    assert.ok(!ids.has(op.operationId), `${key}: operationId ${op.operationId} is not unique`);
    ids.add(op.operationId);
    assert.ok(op.summary, `${key} has no summary`);
    assert.ok(op.tags.every((tag: string) => tags.has(tag)), `${key}: undeclared tag`);
    const statuses = Object.keys(op.responses);
    assert.ok(statuses.some((status) => status.startsWith("2")), `${key} has no success`);
    for (const status of statuses) {
      assert.match(status, /^[1-5]\d\d$/, key);
      assert.ok(op.responses[status].description, `${key} ${status} has no description`);
    }
    for (const requirement of op.security) {
      for (const scheme of Object.keys(requirement)) {
        assert.ok(scheme in document.components.securitySchemes, `${key}: unknown ${scheme}`);
      }
    }
  }
  assert.equal(ids.size, declaredRoutes(api.app).length);
});

Deno.test("every path parameter of the document is declared, and every declared one is in the path", async () => {
  await using api = await testApi();
  for (const { key, op } of operationsOf(documentOf(api.app))) {
    const inPath = [...key.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    const declared = (op.parameters ?? [])
      .filter((parameter: Loose) => parameter.in === "path")
      .map((parameter: Loose) => {
        assert.equal(parameter.required, true, `${key} ${parameter.name}`);
        return parameter.name as string;
      });
    assert.deepEqual(declared.sort(), inPath, key);
  }
});

Deno.test("every $ref of the document resolves", async () => {
  await using api = await testApi();
  const document = documentOf(api.app);
  const refs: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "$ref") refs.push(child as string);
        else walk(child);
      }
    }
  };
  walk(document);
  assert.ok(refs.length > 30, `only ${refs.length} references`);
  for (const ref of refs) {
    assert.match(ref, /^#\//, ref);
    let target: unknown = document;
    for (const part of ref.slice(2).split("/")) {
      target = (target as Record<string, unknown> | undefined)?.[part];
    }
    assert.ok(target && typeof target === "object", `${ref} does not resolve`);
  }
});

Deno.test("the request schemas of the document are the validators' own", async () => {
  await using api = await testApi();
  const { components, paths } = documentOf(api.app);
  const register = components.schemas.RegisterBody;
  assert.deepEqual(register.required, Object.keys(registerBody.shape));
  assert.equal(register.additionalProperties, false);
  assert.match(String(register.properties?.password.description), /at most 1,024 characters/);
  const query: Loose[] = paths["/users"].get.parameters ?? [];
  assert.deepEqual(query.map((parameter) => parameter.name), Object.keys(userSearchQuery.shape));
  assert.ok(query.every((parameter) => parameter.in === "query" && parameter.required === false));
});

Deno.test("the example body of every operation passes the operation's validator", async () => {
  await using api = await testApi();
  const bodies = declaredRoutes(api.app).flatMap((route) => {
    const json = route.request?.body?.content["application/json"];
    return json && "schema" in json ? [{ id: route.operationId, ...json }] : [];
  });
  assert.ok(bodies.length >= 5, `only ${bodies.length} bodies`);
  for (const { id, schema, example } of bodies) {
    assert.ok(schema instanceof z.ZodType, `${id}: not a zod schema`);
    assert.ok(example !== undefined, `${id}: no example`);
    const result = schema.safeParse(example);
    assert.ok(result.success, `${id}: ${JSON.stringify(result.error?.issues)}`);
  }
});
