import { USERNAME_RULES, EMAIL_RULES, PASSWORD_RULES } from "../../api/users/schemas.ts";
console.log(USERNAME_RULES, EMAIL_RULES, PASSWORD_RULES);
