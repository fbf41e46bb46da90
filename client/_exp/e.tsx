import { hc } from "hono/client";
import type { AppType } from "../../api/app.ts";
console.log(hc<AppType>("/"));
