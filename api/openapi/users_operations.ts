/** The operations under /users and /audit. */
import { z } from "zod";
import { auditQuery } from "../audit/schemas.ts";
import { createUserBody, updateUserBody, userSearchQuery } from "../users/schemas.ts";
import type { Operation, Param } from "./operations.ts";
import { AUTH, fail, fails, ok, SERVER } from "./replies.ts";
import * as reply from "./responses.ts";

const userId: Param = { schema: z.int().min(1), description: "The user's id." };

export const USER_OPERATIONS: Operation[] = [
  {
    operationId: "listUsers",
    method: "get",
    path: "/users",
    summary: "The user directory, newest first",
    description: "Search (`q`) and the `active` and `admin` filters are for admins only (403).",
    tag: "users",
    security: "optionalBearer",
    query: userSearchQuery,
    responses: {
      200: ok(reply.userPageBody, "A page of users; private fields for admins and oneself."),
      ...fails(400, ...AUTH, ...SERVER),
    },
  },
  {
    operationId: "getUser",
    method: "get",
    path: "/users/{id}",
    summary: "One user",
    tag: "users",
    security: "optionalBearer",
    params: { id: userId },
    responses: {
      200: ok(reply.userBody, "The user; private fields for admins and oneself."),
      ...fails(...AUTH, ...SERVER),
      ...fail(404, '"User does not exist."'),
    },
  },
  {
    operationId: "createUser",
    method: "post",
    path: "/users",
    summary: "Add a user (admins)",
    tag: "users",
    security: "bearer",
    body: {
      schema: createUserBody,
      example: {
        username: "alan",
        email: "alan@example.com",
        password: "example-passphrase",
        admin: false,
        active: true,
      },
    },
    responses: {
      201: ok(reply.userChangedBody, '"<email> was added!"'),
      ...fails(400, ...AUTH, 413, ...SERVER),
      ...fail(409, "The email or the username is taken."),
    },
  },
  {
    operationId: "updateUser",
    method: "patch",
    path: "/users/{id}",
    summary: "Change a user: admins anything, others their own username and email",
    description: "Users changing their own email (admins too) must send `current_password`; a " +
      "wrong one counts as a failed login, and such changes are limited per user (429).",
    tag: "users",
    security: "bearer",
    params: { id: userId },
    body: { schema: updateUserBody, example: { username: "grace.hopper" } },
    responses: {
      200: ok(reply.userChangedBody, '"User updated."'),
      ...fails(400, ...AUTH, 413, ...SERVER),
      ...fail(429, "Too many email changes by this user: try again after `Retry-After` seconds.", [
        "Retry-After",
      ]),
      ...fail(404, '"User does not exist." (for admins; others get 403).'),
      ...fail(409, "A duplicate, or a guard rail (the last active admin, oneself)."),
    },
  },
  {
    operationId: "deleteUser",
    method: "delete",
    path: "/users/{id}",
    summary: "Delete a user and their sessions (admins)",
    tag: "users",
    security: "bearer",
    params: { id: userId },
    responses: {
      200: ok(reply.messageBody, '"User deleted."'),
      ...fails(...AUTH, ...SERVER),
      ...fail(404, '"User does not exist."'),
      ...fail(409, "A guard rail: the last active admin, or oneself."),
    },
  },
  {
    operationId: "listAuditEvents",
    method: "get",
    path: "/audit",
    summary: "The audit trail, newest first, optionally about one user (admins)",
    tag: "audit",
    security: "bearer",
    query: auditQuery,
    responses: {
      200: ok(reply.auditPageBody, "A page of events."),
      ...fails(400, ...AUTH, ...SERVER),
    },
  },
];
