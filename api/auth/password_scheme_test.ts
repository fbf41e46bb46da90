import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { createPasswordHasher, passwordScheme, prehash } from "./passwords.ts";

const FAST = { rounds: 4, workers: 1 };

Deno.test("an é typed as one code point or as e and a combining accent is the same password", async () => {
  await using hasher = createPasswordHasher(FAST);
  const composed = "caf\u00e9 au lait, s'il vous pla\u00eet";
  const decomposed = composed.normalize("NFD");
  assert.notEqual(composed, decomposed);
  assert.equal(await hasher.verify(decomposed, await hasher.hash(composed)), true);
  assert.equal(await hasher.verify(composed, await hasher.hash(decomposed)), true);
  // NFKC, not NFC: compatibility forms (full-width letters, a ligature) fold too.
  const hash = await hasher.hash("office password");
  assert.equal(await hasher.verify("o\ufb03ce password", hash), true);
  assert.equal(await hasher.verify("ｏｆｆｉｃｅ password", hash), true);
  assert.equal(await hasher.verify("office passwort", hash), false);
});

Deno.test("bcrypt sees 44 ASCII bytes whatever the password, so 72 bytes no longer bite", async () => {
  for (const password of ["", "short", "密".repeat(64), "a".repeat(1024)]) {
    const sent = prehash(password);
    assert.match(sent, /^[A-Za-z0-9+/]{43}=$/);
  }
  // Under plain bcrypt these two were the same password: only the first 72 bytes counted.
  await using hasher = createPasswordHasher(FAST);
  const cjk = "密".repeat(24);
  const hash = await hasher.hash(cjk + "码");
  assert.equal(await hasher.verify(cjk + "码", hash), true);
  assert.equal(await hasher.verify(cjk + "马", hash), false);
});

Deno.test("a former plain-bcrypt hash still verifies, byte for byte, and asks to be replaced", async () => {
  await using hasher = createPasswordHasher(FAST);
  const password = "caf\u00e9 old password";
  const legacy = bcrypt.hashSync(password, 4);
  assert.equal(passwordScheme(legacy), "bcrypt");
  assert.equal(await hasher.verify(password, legacy), true);
  assert.equal(await hasher.verify("caf\u00e9 old passwore", legacy), false);
  // bcrypt would compare only the first 72 bytes of a longer one and call it a match.
  const full = "a".repeat(72);
  assert.equal(await hasher.verify(full + "b", bcrypt.hashSync(full, 4)), false);
  // That "no" costs a comparison all the same, or its speed would tell the account exists.
  using spy = countCompares();
  await using watched = createPasswordHasher(FAST);
  await watched.verify(full + "b", bcrypt.hashSync(full, 4));
  assert.equal(spy.compares, 1);
  assert.equal(hasher.needsRehash(legacy), true);

  const current = await hasher.hash(password);
  assert.equal(passwordScheme(current), "bcrypt-sha256");
  assert.equal(hasher.needsRehash(current), false);
  // A hash at another cost is replaced too, so raising BCRYPT_ROUNDS reaches every account.
  await using stronger = createPasswordHasher({ rounds: 5, workers: 1 });
  assert.equal(stronger.needsRehash(current), true);
});

Deno.test("the dummy hash for unknown emails is in the current scheme", async () => {
  using _ = captureJobs();
  await using hasher = createPasswordHasher(FAST);
  await hasher.verifyDummy("anything");
  assert.equal(passwordScheme("{bcrypt-sha256}" + dummyMade!), "bcrypt-sha256");
  assert.equal(comparedWith, prehash("anything"));
});

let dummyMade: string | undefined;
let comparedWith: string | undefined;

/** Records what the pool's first hash made and what its compare was given. */
function captureJobs() {
  const RealWorker = globalThis.Worker;
  globalThis.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener("message", (event) => {
        const { value } = (event as MessageEvent<{ value: unknown }>).data;
        if (typeof value === "string") dummyMade = value;
      });
    }
    override postMessage(message: { op: string; password: string }) {
      if (message.op === "compare") comparedWith = message.password;
      super.postMessage(message);
    }
  };
  return { [Symbol.dispose]: () => globalThis.Worker = RealWorker };
}

/** Counts the compare jobs sent to workers while it is in scope. */
function countCompares() {
  const RealWorker = globalThis.Worker;
  const spy = { compares: 0, [Symbol.dispose]: () => globalThis.Worker = RealWorker };
  globalThis.Worker = class extends RealWorker {
    override postMessage(message: { op: string }) {
      if (message.op === "compare") spy.compares++;
      super.postMessage(message);
    }
  };
  return spy;
}

Deno.test("with a pepper new hashes are keyed HMACs; unpeppered ones verify and ask to be replaced", async () => {
  const pepper = "a pepper of at least thirty-two characters, from the vault";
  await using peppered = createPasswordHasher({ ...FAST, pepper });
  await using plain = createPasswordHasher(FAST);
  const password = "pepper and salt";
  const keyed = await peppered.hash(password);
  assert.equal(passwordScheme(keyed), "bcrypt-hmac-sha256");
  assert.equal(await peppered.verify(password, keyed), true);
  assert.equal(peppered.needsRehash(keyed), false);
  // A stolen table with its hashes is not enough: without the pepper nothing matches.
  assert.equal(await plain.verify(password, keyed), false);
  await using otherPepper = createPasswordHasher({ ...FAST, pepper: pepper + "!" });
  assert.equal(await otherPepper.verify(password, keyed), false);

  const unpeppered = await plain.hash(password);
  assert.equal(await peppered.verify(password, unpeppered), true);
  assert.equal(peppered.needsRehash(unpeppered), true);
  assert.equal(peppered.needsRehash(bcrypt.hashSync(password, 4)), true);
});
