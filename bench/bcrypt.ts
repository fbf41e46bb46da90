/**
 * A separate process for `deno task bench`: how many bcrypt comparisons one thread does per
 * second at a given cost, with bcryptjs as the API's password workers use it. Prints one JSON
 * line.
 *
 *   deno run -A bench/bcrypt.ts COST SECONDS
 */
import bcrypt from "bcryptjs";

export type BcryptResult = { cost: number; comparisons: number; perSecond: number };

function measure(cost: number, seconds: number): BcryptResult {
  const password = "correct horse battery staple";
  const hash = bcrypt.hashSync(password, cost);
  // One comparison untimed, so the JIT has compiled the hot loop before the clock starts.
  bcrypt.compareSync(password, hash);
  let comparisons = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000 || comparisons < 5) {
    if (!bcrypt.compareSync(password, hash)) throw new Error("bcrypt comparison failed");
    comparisons++;
    elapsed = performance.now() - started;
  }
  return { cost, comparisons, perSecond: comparisons / (elapsed / 1000) };
}

if (import.meta.main) {
  const [cost, seconds] = Deno.args.map(Number);
  console.log(JSON.stringify(measure(cost, seconds)));
}
