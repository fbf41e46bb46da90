import assert from "node:assert/strict";
import { hashVerifier, newEmailToken, parseEmailToken, verifierMatches } from "./tokens.ts";

Deno.test("a new token is <22-character selector>.<43-character verifier>: 128 and 256 random bits", () => {
  const { token, selector, verifierHash } = newEmailToken();
  assert.match(token, /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
  const parsed = parseEmailToken(token)!;
  assert.equal(parsed.selector, selector);
  assert.equal(Buffer.from(parsed.verifier, "base64url").length, 32);
  assert.ok(verifierMatches(parsed.verifier, verifierHash));
  assert.deepEqual(verifierHash, hashVerifier(parsed.verifier));
});

Deno.test("only the hash of the verifier is kept: it is not the verifier and does not contain it", () => {
  const { token, verifierHash } = newEmailToken();
  const verifier = token.split(".")[1];
  assert.equal(verifierHash.length, 32);
  assert.ok(!Buffer.from(verifierHash).toString("base64url").includes(verifier));
});

Deno.test("tokens never repeat, in either half", () => {
  const tokens = Array.from({ length: 1000 }, () => newEmailToken().token);
  assert.equal(new Set(tokens.map((t) => t.split(".")[0])).size, 1000);
  assert.equal(new Set(tokens.map((t) => t.split(".")[1])).size, 1000);
});

Deno.test("a wrong verifier does not match, even one differing in the last character", () => {
  const { token, verifierHash } = newEmailToken();
  const verifier = token.split(".")[1];
  const last = verifier.at(-1) === "A" ? "B" : "A";
  assert.ok(!verifierMatches(verifier.slice(0, -1) + last, verifierHash));
  assert.ok(!verifierMatches("", verifierHash));
});

Deno.test("malformed tokens are refused before any lookup", () => {
  const { token } = newEmailToken();
  for (
    const bad of [
      "",
      token + "x",
      token.slice(1),
      token.replace(".", ""),
      token.replace(".", ".."),
      `${token} `,
      token.replace(/^./, "+"),
      "a.b",
      `${"a".repeat(22)}.${"b".repeat(43)}.c`,
    ]
  ) {
    assert.equal(parseEmailToken(bad), undefined, JSON.stringify(bad));
  }
});
