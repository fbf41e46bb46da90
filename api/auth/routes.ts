import { Hono } from "hono";
import type { Deps } from "../deps.ts";
import { ApiError, conflict } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { DuplicateUserError, findUserWithHashByEmail, insertUser } from "../users/queries.ts";
import { loginBody, registerBody } from "../users/schemas.ts";
import { ACCOUNT_DISABLED, requireUser } from "./middleware.ts";

const INVALID_CREDENTIALS = "Invalid email or password.";

export function authRoutes(deps: Deps) {
  const { sql, passwords, tokens } = deps;
  const tokenBody = async (userId: number, message: string) => {
    const { token, expiresIn } = await tokens.issue(userId);
    return {
      status: "success" as const,
      message,
      auth_token: token,
      token_type: "Bearer" as const,
      expires_in: expiresIn,
    };
  };

  return new Hono()
    .post("/register", validate("json", registerBody), async (c) => {
      const { username, email, password } = c.req.valid("json");
      const password_hash = await passwords.hash(password);
      try {
        const user = await insertUser(sql, { username, email, password_hash });
        return c.json(await tokenBody(user.id, "Successfully registered."), 201);
      } catch (error) {
        if (error instanceof DuplicateUserError) throw conflict("Sorry. That user already exists.");
        throw error;
      }
    })
    .post("/login", validate("json", loginBody), async (c) => {
      const { email, password } = c.req.valid("json");
      const user = await findUserWithHashByEmail(sql, email);
      // An unknown email costs a full bcrypt comparison too, so timing does not reveal accounts.
      const matches = user
        ? await passwords.verify(password, user.password_hash)
        : await passwords.verifyDummy(password);
      if (!user || !matches) throw new ApiError(401, INVALID_CREDENTIALS);
      if (!user.active) throw new ApiError(403, ACCOUNT_DISABLED);
      return c.json(await tokenBody(user.id, "Successfully logged in."), 200);
    })
    .get("/logout", requireUser(deps), (c) => {
      return c.json({ status: "success" as const, message: "Successfully logged out." }, 200);
    })
    .get("/status", requireUser(deps), (c) => {
      const { id, username, email, active, admin, created_at } = c.get("user");
      return c.json({
        status: "success" as const,
        data: { id, username, email, active, admin, created_at },
      }, 200);
    });
}
