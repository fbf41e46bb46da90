/**
 * Bodies of /auth requests. The user fields and their rules come from `users/schemas.ts`; like it,
 * this module stays free of server-only imports, so the web app can share it.
 */
import { z } from "zod";
import {
  email,
  normalizeEmail,
  password,
  PASSWORD_RULES,
  text,
  username,
} from "../users/schemas.ts";

export const registerBody = z.strictObject({ username, email, password }).meta({
  id: "RegisterBody",
});

export const loginBody = z.strictObject({
  email: text("Email").transform(normalizeEmail).pipe(z.string().min(1, "Email is required.")),
  password: text("Password").min(1, "Password is required.").refine(
    PASSWORD_RULES[1].test,
    PASSWORD_RULES[1].message,
  ),
}).meta({ id: "LoginBody" });

export const changePasswordBody = z.strictObject({
  current_password: text("Current password").min(1, "Current password is required."),
  new_password: password,
}).meta({ id: "ChangePasswordBody" });

export type RegisterBody = z.infer<typeof registerBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
