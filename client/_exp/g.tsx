import { z } from "zod";
console.log(z.email().max(254).safeParse("a@b.c").success);
