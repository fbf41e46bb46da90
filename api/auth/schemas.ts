/**
 * Bodies of /auth requests. The user fields and their rules come from `users/schemas.ts`; like it,
 * this module stays free of server-only imports, so the web app can share it.
 */
import { z } from "zod";
import {
  email,
  EMAIL_MAX_LENGTH,
  existingPassword,
  normalizeEmail,
  password,
  text,
  username,
} from "../users/schemas.ts";

export const registerBody = z.strictObject({ username, email, password }).meta({
  id: "RegisterBody",
});

export const loginBody = z.strictObject({
  // Bounded like a stored address, so an oversized one never reaches the database.
  email: text("Email").transform(normalizeEmail).pipe(
    z.string().min(1, "Email is required.").max(
      EMAIL_MAX_LENGTH,
      `Email must be at most ${EMAIL_MAX_LENGTH} characters.`,
    ),
  ),
  password: existingPassword("Password"),
  remember: z.boolean().optional().describe(
    '"Keep me signed in". False: the refresh cookie ends with the browser and the session after ' +
      "`BROWSER_SESSION_TTL` seconds without use. Absent or true: `REFRESH_TOKEN_TTL`.",
  ),
}).meta({ id: "LoginBody" });

export const changePasswordBody = z.strictObject({
  current_password: existingPassword("Current password"),
  new_password: password,
}).meta({ id: "ChangePasswordBody" });

export const deleteAccountBody = z.strictObject({
  current_password: existingPassword("Current password"),
}).meta({ id: "DeleteAccountBody" });

export type RegisterBody = z.infer<typeof registerBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
