/**
 * `deno task example:exercises`: the exercises service on PORT (8100), verifying the users
 * service's tokens. `deno task start --with-example` runs it beside the API, behind Caddy at
 * /exercises/. Prints "exercises listening on URL" once it serves.
 */
import { createExercisesApp } from "./app.ts";
import { ExercisesConfigError, loadExercisesConfig } from "./config.ts";
import { createVerifier } from "./verify.ts";

let config;
try {
  config = loadExercisesConfig();
} catch (error) {
  if (!(error instanceof ExercisesConfigError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

const app = createExercisesApp(createVerifier(config));
const server = Deno.serve({
  hostname: config.host,
  port: config.port,
  onListen: ({ hostname, port }) =>
    console.log(`exercises listening on http://${hostname}:${port}`),
}, app.fetch);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    Deno.exit(0);
  });
}
