import * as z from "zod/mini";
console.log(z.safeParse(z.email().check(z.maxLength(254)), "a@b.c").success);
