import assert from "node:assert/strict";
import { SOAK_DEFAULT_SECONDS, soakSeconds, treeRssKb } from "./soak.ts";

Deno.test("--soak runs the default 600 s, --soak=60 a minute, and a bad length is refused", () => {
  assert.equal(soakSeconds(["--write"]), undefined);
  assert.equal(soakSeconds(["--soak"]), SOAK_DEFAULT_SECONDS);
  assert.equal(soakSeconds(["--soak=60"]), 60);
  for (const bad of ["--soak=", "--soak=20", "--soak=60.5", "--soak=ten"]) {
    assert.throws(() => soakSeconds([bad]), /--soak=SECONDS/, bad);
  }
});

Deno.test("treeRssKb counts this process's resident memory", async () => {
  const kb = await treeRssKb(Deno.pid);
  assert.ok(kb > 10_000, `${kb} kB`);
});
