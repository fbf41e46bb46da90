/**
 * Checks an API response against the routes' own declarations (`createRoute`): the status must be
 * one the operation lists, the body must pass that status's zod schema. The API tests run every
 * response through it (`api/testing/api.ts`); the library does not check responses at run time.
 */
import { AssertionError } from "node:assert";
import { z } from "zod";
import type { DocumentedApp } from "./document.ts";
import { failBody } from "./responses.ts";
import { DOCS_PATHS } from "./routes.ts";

export type Exchange = {
  method: string;
  /** The request's path, with or without a query string. */
  path: string;
  status: number;
  contentType: string | null;
  /** Parsed when the response is JSON, the text otherwise. */
  body: unknown;
};

type Operation = {
  name: string;
  method: string;
  pattern: RegExp;
  /** Each listed status with its body's schema. */
  responses: Map<number, z.ZodType>;
};

/** Throws an AssertionError naming the operation and status when the response breaks them. */
export type Conformance = (exchange: Exchange) => void;

/** The check for one app, over the operations its routes declare. */
export function conformance(app: DocumentedApp): Conformance {
  const operations = operationsOf(app);
  return (exchange) => {
    const problem = nonconformance(operations, exchange);
    if (problem) throw new AssertionError({ message: problem });
  };
}

function nonconformance(operations: Operation[], exchange: Exchange): string | undefined {
  const { status, body, contentType } = exchange;
  const method = exchange.method.toLowerCase();
  const path = new URL(exchange.path, "http://api").pathname;
  // HEAD and OPTIONS carry no body; the document's own routes are not part of it.
  if (method === "head" || method === "options" || DOCS_PATHS.includes(path)) return undefined;

  const atPath = operations.filter((op) => op.pattern.test(path));
  const op = atPath.find((candidate) => candidate.method === method);
  if (!op) {
    // Outside the operations the app answers 404 (unknown path) or 405 (another method there).
    const expected = atPath.length ? 405 : 404;
    const name = `${method.toUpperCase()} ${path} (no such operation)`;
    if (status !== expected) return `${name} answered ${status}, expected ${expected}`;
    return checkBody(name, status, failBody, contentType, body);
  }

  const schema = op.responses.get(status);
  if (!schema) {
    const listed = [...op.responses.keys()].join(", ");
    return `${op.name} answered ${status}, a status the document does not list (${listed})`;
  }
  return checkBody(op.name, status, schema, contentType, body);
}

function checkBody(
  name: string,
  status: number,
  schema: z.ZodType,
  contentType: string | null,
  body: unknown,
): string | undefined {
  if (!/^application\/([\w.-]+\+)?json\b/.test(contentType ?? "")) {
    return `${name} answered ${status} with ${contentType ?? "no Content-Type"}, not JSON`;
  }
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  return `${name} answered ${status} with a body the document does not allow:\n` +
    `${z.prettifyError(result.error)}\nbody: ${JSON.stringify(body)}`;
}

/** The operations of the app's OpenAPI registry, where `createRoute` declarations end up. */
export function operationsOf(app: DocumentedApp): Operation[] {
  return app.openAPIRegistry.definitions.flatMap((definition) => {
    if (definition.type !== "route") return [];
    const { method, path, operationId, responses } = definition.route;
    const schemas = new Map<number, z.ZodType>();
    for (const [status, reply] of Object.entries(responses)) {
      const schema = "content" in reply ? reply.content?.["application/json"] : undefined;
      if (!schema || !("schema" in schema) || !(schema.schema instanceof z.ZodType)) {
        throw new Error(`${method} ${path} ${status}: no zod schema for its JSON body`);
      }
      schemas.set(Number(status), schema.schema);
    }
    const source = path.split(/(\{\w+\})/).map((part) =>
      part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    ).join("");
    return [{
      name: `${method.toUpperCase()} ${path} (${operationId})`,
      method,
      pattern: new RegExp(`^${source}$`),
      responses: schemas,
    }];
  });
}
