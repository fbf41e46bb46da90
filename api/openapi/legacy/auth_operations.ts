/** The operations under /auth: registering, tokens, and the caller's own account. */
import { z } from "zod";
import { changePasswordBody, loginBody, registerBody } from "../../auth/schemas.ts";
import { pageQuery } from "../../http/pagination.ts";
import type { Method, Operation, Param } from "./operations.ts";
import { AUTH, fail, fails, ok, SERVER } from "./replies.ts";
import * as reply from "../responses.ts";

const sessionId: Param = {
  schema: z.uuid(),
  description: "The session's id (`GET /auth/sessions`).",
};
const TOKEN = ["Set-Cookie"];
const examplePassword = "example-passphrase";

const logout = (method: Method, operationId: string) => ({
  operationId,
  method,
  path: "/auth/logout",
  summary: "Log out: the session ends at once and the refresh cookie is cleared",
  tag: "auth",
  security: "bearer",
  responses: { 200: ok(reply.messageBody, "Logged out.", TOKEN), ...fails(...AUTH, ...SERVER) },
} satisfies Operation);

export const AUTH_OPERATIONS: Operation[] = [
  {
    operationId: "register",
    method: "post",
    path: "/auth/register",
    summary: "Register and start a session",
    tag: "auth",
    security: "none",
    body: {
      schema: registerBody,
      example: { username: "grace", email: "grace@example.com", password: examplePassword },
    },
    responses: {
      201: ok(reply.tokenBody, "Registered: an access token, and the refresh cookie.", TOKEN),
      ...fails(400, 413, 429, ...SERVER),
      ...fail(409, '"Sorry. That user already exists."'),
    },
  },
  {
    operationId: "login",
    method: "post",
    path: "/auth/login",
    summary: "Log in and start a session",
    tag: "auth",
    security: "none",
    body: { schema: loginBody, example: { email: "grace@example.com", password: examplePassword } },
    responses: {
      200: ok(reply.tokenBody, "Logged in: an access token, and the refresh cookie.", TOKEN),
      ...fails(400, 413, 429, ...SERVER),
      ...fail(401, '"Invalid email or password." (the same for an unknown email).', []),
      ...fail(403, '"Account disabled. Please contact us."'),
    },
  },
  {
    operationId: "refresh",
    method: "post",
    path: "/auth/refresh",
    summary: "Exchange the refresh cookie for a new access token and a rotated cookie",
    description: "A rotated token presented again after the grace period revokes its session.",
    tag: "auth",
    security: "refreshCookie",
    responses: {
      200: ok(reply.tokenBody, "A new access token, and the rotated refresh cookie.", TOKEN),
      ...fail(401, '"Session expired. Please log in again."; the cookie is cleared.'),
      ...fail(403, '"Account disabled. Please contact us."; the cookie is cleared.'),
      ...fails(429, ...SERVER),
    },
  },
  logout("get", "logoutByGet"),
  logout("post", "logout"),
  {
    operationId: "status",
    method: "get",
    path: "/auth/status",
    summary: "The caller's own account",
    tag: "auth",
    security: "bearer",
    responses: { 200: ok(reply.statusBody, "The caller's account."), ...fails(...AUTH, ...SERVER) },
  },
  {
    operationId: "changePassword",
    method: "put",
    path: "/auth/password",
    summary: "Change one's password; every other session ends",
    tag: "account",
    security: "bearer",
    body: {
      schema: changePasswordBody,
      example: { current_password: examplePassword, new_password: "a new passphrase" },
    },
    responses: {
      200: ok(reply.messageBody, '"Password changed."'),
      ...fail(400, "Invalid payload; a `current_password` error when it is wrong."),
      ...fails(...AUTH, 413, 429, ...SERVER),
    },
  },
  {
    operationId: "listSessions",
    method: "get",
    path: "/auth/sessions",
    summary: "The caller's live sessions, most recently used first",
    tag: "account",
    security: "bearer",
    responses: { 200: ok(reply.sessionsBody, "The sessions."), ...fails(...AUTH, ...SERVER) },
  },
  {
    operationId: "revokeOtherSessions",
    method: "delete",
    path: "/auth/sessions",
    summary: "End every session but the current one",
    tag: "account",
    security: "bearer",
    responses: {
      200: ok(reply.sessionsRevokedBody, "How many sessions ended."),
      ...fails(...AUTH, ...SERVER),
    },
  },
  {
    operationId: "revokeSession",
    method: "delete",
    path: "/auth/sessions/{id}",
    summary: "End one of the caller's sessions",
    tag: "account",
    security: "bearer",
    params: { id: sessionId },
    responses: {
      200: ok(reply.messageBody, '"Session revoked." (the current one clears its cookie).'),
      ...fails(...AUTH, ...SERVER),
      ...fail(404, '"Session does not exist." (or is not the caller\'s).'),
    },
  },
  {
    operationId: "listActivity",
    method: "get",
    path: "/auth/activity",
    summary: "The caller's own audit events, newest first",
    tag: "account",
    security: "bearer",
    query: pageQuery,
    responses: {
      200: ok(reply.auditPageBody, "A page of events."),
      ...fails(400, ...AUTH, ...SERVER),
    },
  },
];
