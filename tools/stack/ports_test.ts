import assert from "node:assert/strict";
import { readPorts, takenPortProblem, wantedPorts } from "./ports.ts";

const noEnv = () => undefined;

Deno.test("readPorts takes SITE_PORT, PORT and --port, with 8080 and 8000 by default", () => {
  assert.deepEqual(readPorts([], noEnv), { site: 8080, api: 8000, example: 8100 });
  const env = (name: string) =>
    ({ SITE_PORT: "9090", PORT: "9000" } as Record<string, string>)[name];
  assert.deepEqual(readPorts([], env), { site: 9090, api: 9000, example: 8100 });
  // The command line wins over the environment.
  assert.equal(readPorts(["--port", "7070"], env).site, 7070);
  assert.equal(readPorts(["--port=7071"], env).site, 7071);
});

Deno.test("readPorts refuses what is not a port, naming the setting", () => {
  const env = (name: string) => (name === "PORT" ? "80a" : undefined);
  assert.throws(() => readPorts([], env), /PORT must be a port number from 1 to 65535, not "80a"/);
  assert.throws(() => readPorts(["--port", "70000"], noEnv), /--port must be a port number/);
});

Deno.test("a taken site port is said in one line with the setting that changes it", () => {
  using listener = Deno.listen({ hostname: "0.0.0.0", port: 0 });
  const taken = listener.addr.port;
  const wanted = wantedPorts({ site: taken, api: freePort(), example: 8100 }, {
    replicas: 1,
    example: false,
  });
  const problem = takenPortProblem(wanted);
  assert.ok(problem !== null);
  assert.doesNotMatch(problem, /\n/);
  assert.match(
    problem,
    new RegExp(`^port ${taken} is taken \\(wanted for the site \\(Caddy\\)\\)`),
  );
  assert.match(problem, /choose another with SITE_PORT=\d+ deno task start \(or --port \d+\)$/);
});

Deno.test("a taken API replica port names PORT; free ports pass", () => {
  const api = freePort();
  const wanted = wantedPorts({ site: freePort(), api, example: 8100 }, {
    replicas: 2,
    example: false,
  });
  assert.equal(takenPortProblem(wanted), null);
  using _second = Deno.listen({ hostname: "127.0.0.1", port: api + 1 });
  assert.match(
    takenPortProblem(wanted) ?? "",
    new RegExp(
      `^port ${api + 1} is taken \\(wanted for API replica 2\\): .* PORT=\\d+ deno task start$`,
    ),
  );
});

Deno.test("deno task start stops at once on a taken SITE_PORT, saying so in one line", async () => {
  using listener = Deno.listen({ hostname: "0.0.0.0", port: 0 });
  const port = listener.addr.port;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../start.ts", import.meta.url).pathname],
    env: { SITE_PORT: String(port), PORT: String(freePort()) },
    stdin: "null",
  }).output();
  const said = new TextDecoder().decode(stderr).trim();
  assert.equal(code, 1, said);
  assert.equal(new TextDecoder().decode(stdout), "", "nothing was started");
  assert.equal(said.split("\n").length, 1, said);
  assert.match(said, new RegExp(`^error: port ${port} is taken .* SITE_PORT=\\d+ deno task start`));
});

/** A port nobody listens on now (and, checked pairwise, its neighbour). */
function freePort(): number {
  for (;;) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = listener.addr.port;
    listener.close();
    try {
      Deno.listen({ hostname: "127.0.0.1", port: port + 1 }).close();
      return port;
    } catch {
      // The neighbour is taken: try another.
    }
  }
}
