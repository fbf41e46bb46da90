/** `deno task dev`: Vite's dev server with hot reload; API paths go to API_URL (default :8000). */
import { createServer } from "vite";

const server = await createServer({
  configFile: new URL("../vite.config.ts", import.meta.url).pathname,
});
await server.listen();
server.printUrls();
