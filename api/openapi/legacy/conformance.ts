/**
 * Checks an API response against the operation table, with the same zod schemas the document is
 * generated from. The API tests run every response through it (`api/testing/api.ts`).
 */
import { AssertionError } from "node:assert";
import { z } from "zod";
import { type Operation, OPERATIONS } from "./operations.ts";
import { failBody } from "../responses.ts";
// Until the table is retired: the paths of api/openapi/routes.ts (another folder may not import it).
const DOCS_PATHS = [
  "/openapi.json",
  "/docs",
  "/docs/init.js",
  "/docs/docs.css",
  "/docs/swagger-ui.css",
  "/docs/swagger-ui-bundle.js",
];

export type Exchange = {
  method: string;
  /** The request's path, with or without a query string. */
  path: string;
  status: number;
  contentType: string | null;
  /** Parsed when the response is JSON, the text otherwise. */
  body: unknown;
};

/** Throws an AssertionError naming the operation and status when the response breaks the document. */
export function assertConforms(exchange: Exchange): void {
  const problem = nonconformance(exchange);
  if (problem) throw new AssertionError({ message: problem });
}

/** What is wrong with the response, or undefined when the document allows it. */
export function nonconformance(exchange: Exchange): string | undefined {
  const { status, body, contentType } = exchange;
  const method = exchange.method.toLowerCase();
  const path = new URL(exchange.path, "http://api").pathname;
  // HEAD and OPTIONS carry no body; the document's own routes are not part of it.
  if (method === "head" || method === "options" || DOCS_PATHS.includes(path)) return undefined;

  const atPath = OPERATIONS.filter((op) => pattern(op).test(path));
  const op = atPath.find((candidate) => candidate.method === method);
  if (!op) {
    // Outside the table the app answers 404 (unknown path) or 405 (another method there).
    const expected = atPath.length ? 405 : 404;
    const name = `${method.toUpperCase()} ${path} (no such operation)`;
    if (status !== expected) return `${name} answered ${status}, expected ${expected}`;
    return checkBody(name, status, failBody, contentType, body);
  }

  const name = `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;
  const reply = op.responses[status];
  if (!reply) {
    const listed = Object.keys(op.responses).join(", ");
    return `${name} answered ${status}, a status the document does not list (${listed})`;
  }
  return checkBody(name, status, reply.schema, contentType, body);
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

const patterns = new Map<Operation, RegExp>();

function pattern(op: Operation): RegExp {
  let regex = patterns.get(op);
  if (!regex) {
    const source = op.path.split(/(\{\w+\})/).map((part) =>
      part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    ).join("");
    regex = new RegExp(`^${source}$`);
    patterns.set(op, regex);
  }
  return regex;
}
