/** The OpenAPI 3.1 document, generated from the operation table with zod's JSON Schema output. */
import type { z } from "zod";
import { componentSchemas, type JsonSchema, jsonSchema, ref } from "./json_schema.ts";
import { type Operation, OPERATIONS, type Security, TAGS } from "./operations.ts";
import { HEADERS, type Reply } from "./replies.ts";

export const API_VERSION = "1.0.0";

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Record<string, unknown>[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
};

const SECURITY: Record<Security, Record<string, string[]>[]> = {
  none: [],
  bearer: [{ bearerAuth: [] }],
  optionalBearer: [{}, { bearerAuth: [] }],
  refreshCookie: [{ refreshCookie: [] }],
};

const DESCRIPTION = `Every body is JSON. Success: \`status: "success"\` with a \`message\` and/or
\`data\`. Failure: \`status: "fail"\` (4xx) or \`"error"\` (5xx) with a \`message\`, and for 400
\`errors: [{field, message}]\`. Unknown fields are refused. Any path: an unknown one answers 404, a
known one with another method 405 with \`Allow\`, a body over 64 KiB 413.`;

let cached: OpenApiDocument | undefined;

/** Built once, on first use. */
export function openApiDocument(): OpenApiDocument {
  return cached ??= buildDocument(OPERATIONS);
}

function buildDocument(operations: Operation[]): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const op of operations) {
    checkParams(op);
    (paths[op.path] ??= {})[op.method] = operation(op);
  }
  return {
    openapi: "3.1.1",
    info: { title: "Users service", version: API_VERSION, description: DESCRIPTION },
    tags: TAGS,
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "The access token of `POST /auth/login`, `/auth/register` or `/refresh`.",
        },
        refreshCookie: { type: "apiKey", in: "cookie", name: "refresh_token" },
      },
    },
  };
}

function operation(op: Operation): OpenApiOperation {
  const parameters = [
    ...Object.entries(op.params ?? {}).map(([name, param]) => ({
      name,
      in: "path",
      required: true,
      description: param.description,
      schema: jsonSchema(param.schema),
    })),
    ...(op.query ? queryParameters(op.query) : []),
  ];
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: SECURITY[op.security],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: ref(op.body.schema), example: op.body.example },
          },
        },
      }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, reply]) => [status, response(reply)]),
    ),
  };
}

function response(reply: Reply) {
  const headers = Object.fromEntries((reply.headers ?? []).map((name) => {
    const header = HEADERS[name];
    if (!header) throw new Error(`Unknown response header ${name}`);
    return [name, { description: header.description, schema: { type: header.type } }];
  }));
  return {
    description: reply.description,
    ...(reply.headers?.length ? { headers } : {}),
    content: { "application/json": { schema: ref(reply.schema) } },
  };
}

function queryParameters(query: z.ZodObject) {
  const json = jsonSchema(query);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...schema } = property as JsonSchema;
    return { name, in: "query", required: required.has(name), description, schema };
  });
}

function checkParams(op: Operation) {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
  const declared = Object.keys(op.params ?? {}).sort();
  if (inPath.join() !== declared.join()) {
    throw new Error(`${op.operationId}: path parameters ${inPath} but params ${declared}`);
  }
}
