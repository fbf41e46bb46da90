import { Hono } from "hono";
import { identifyViewer, requireAdmin, requireUser } from "../auth/middleware.ts";
import type { Deps } from "../deps.ts";
import { conflict, invalidPayload, notFound } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { presentUser } from "./present.ts";
import { DuplicateUserError, findUserById, insertUser, listUsers } from "./queries.ts";
import { createUserBody, listUsersQuery } from "./schemas.ts";

const NO_SUCH_USER = "User does not exist.";

export function userRoutes(deps: Deps) {
  const { sql, passwords } = deps;

  return new Hono()
    .get("/", validate("query", listUsersQuery), identifyViewer(deps), async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const beforeId = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && beforeId === undefined) {
        throw invalidPayload([{ field: "cursor", message: "Cursor is malformed or expired." }]);
      }
      // One extra row tells whether another page exists without a count query.
      const rows = await listUsers(sql, { limit: limit + 1, beforeId });
      const page = rows.slice(0, limit);
      const viewer = c.get("viewer");
      return c.json({
        status: "success" as const,
        data: {
          users: page.map((user) => presentUser(user, viewer)),
          next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      }, 200);
    })
    .get("/:id", identifyViewer(deps), async (c) => {
      const id = parseId(c.req.param("id"));
      const user = id === undefined ? undefined : await findUserById(sql, id);
      if (!user) throw notFound(NO_SUCH_USER);
      return c.json({ status: "success" as const, data: presentUser(user, c.get("viewer")) }, 200);
    })
    .post(
      "/",
      requireUser(deps),
      requireAdmin,
      validate("json", createUserBody),
      async (c) => {
        const { password, ...fields } = c.req.valid("json");
        const password_hash = await passwords.hash(password);
        try {
          const user = await insertUser(sql, { ...fields, password_hash });
          return c.json({
            status: "success" as const,
            message: `${user.email} was added!`,
            data: { user: presentUser(user, c.get("user")) },
          }, 201);
        } catch (error) {
          if (error instanceof DuplicateUserError) {
            throw conflict(`Sorry. That ${error.field} already exists.`);
          }
          throw error;
        }
      },
    );
}

/** Path ids are positive integers that fit a bigint and a JS number; anything else is unknown. */
function parseId(raw: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
