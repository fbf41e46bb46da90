/**
 * Every operation of the API in one table: the OpenAPI document is generated from it and the API
 * tests check each response against it. Request schemas are the validators' own; the auth and
 * users halves of the table live beside this file.
 */
import type { z } from "zod";
import { AUTH_OPERATIONS } from "./auth_operations.ts";
import { fail, fails, ok, type Responses } from "./replies.ts";
import * as reply from "../responses.ts";
import { USER_OPERATIONS } from "./users_operations.ts";

export type Method = "get" | "post" | "put" | "patch" | "delete";
/** `optionalBearer`: anonymous callers are welcome; a token shows more (and must be valid). */
export type Security = "none" | "bearer" | "optionalBearer" | "refreshCookie";
export type Param = { schema: z.ZodType; description: string };

export type Operation = {
  operationId: string;
  method: Method;
  /** In OpenAPI form: `/users/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  security: Security;
  params?: Record<string, Param>;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; example: unknown };
  responses: Responses;
};

export const TAGS = [
  { name: "health", description: "Liveness and readiness, for load balancers." },
  { name: "auth", description: "Registering, logging in and out, access and refresh tokens." },
  { name: "account", description: "The caller's own password, sessions and activity." },
  { name: "users", description: "The user directory; admins manage accounts." },
  { name: "audit", description: "The audit trail, for admins." },
];

const HEALTH_OPERATIONS: Operation[] = [
  {
    operationId: "ping",
    method: "get",
    path: "/ping",
    summary: "Answer pong",
    tag: "health",
    security: "none",
    responses: { 200: ok(reply.messageBody, '"pong!"'), ...fails(500) },
  },
  {
    operationId: "live",
    method: "get",
    path: "/health/live",
    summary: "Liveness: the process answers",
    tag: "health",
    security: "none",
    responses: { 200: ok(reply.messageBody, '"alive"'), ...fails(500) },
  },
  {
    operationId: "ready",
    method: "get",
    path: "/health/ready",
    summary: "Readiness: the database answers and every migration is applied",
    tag: "health",
    security: "none",
    responses: {
      200: ok(reply.messageBody, '"ready"'),
      ...fails(500),
      ...fail(503, "Not ready: the message says why.", ["Retry-After"]),
    },
  },
];

export const OPERATIONS: Operation[] = [
  ...HEALTH_OPERATIONS,
  ...AUTH_OPERATIONS,
  ...USER_OPERATIONS,
];
