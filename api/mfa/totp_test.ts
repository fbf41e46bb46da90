import assert from "node:assert/strict";
import { codeAt, currentStep, matchingStep, newSecret, openSecret, sealSecret } from "./totp.ts";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery_codes.ts";

const T = 1_700_000_010_000; // 10 s into a step

Deno.test("a code is accepted one step early or late, not two", () => {
  const { base32 } = newSecret("Users", "grace@example.com");
  const step = currentStep(T);
  assert.equal(matchingStep(base32, codeAt(base32, T), T), step);
  assert.equal(matchingStep(base32, codeAt(base32, T - 30_000), T), step - 1);
  assert.equal(matchingStep(base32, codeAt(base32, T + 30_000), T), step + 1);
  assert.equal(matchingStep(base32, codeAt(base32, T - 60_000), T), undefined);
  assert.equal(matchingStep(base32, codeAt(base32, T + 60_000), T), undefined);
  assert.equal(matchingStep(base32, "12345", T), undefined);
  assert.equal(matchingStep(base32, "abcdef", T), undefined);
});

Deno.test("the otpauth URL names the service, the account and the secret", () => {
  const { base32, otpauthUrl } = newSecret("Users", "grace@example.com");
  assert.match(base32, /^[A-Z2-7]{32}$/);
  const url = new URL(otpauthUrl);
  assert.equal(url.protocol, "otpauth:");
  assert.equal(url.searchParams.get("secret"), base32);
  assert.equal(url.searchParams.get("issuer"), "Users");
  assert.match(decodeURIComponent(url.pathname), /grace@example\.com/);
});

Deno.test("a sealed secret opens only for its own user and SECRET_KEY", async () => {
  const key = "k".repeat(40);
  const sealed = await sealSecret(key, 7, "JBSWY3DPEHPK3PXP");
  assert.ok(!new TextDecoder().decode(sealed).includes("JBSWY3DPEHPK3PXP"));
  assert.equal(await openSecret(key, 7, sealed), "JBSWY3DPEHPK3PXP");
  await assert.rejects(() => openSecret(key, 8, sealed));
  await assert.rejects(() => openSecret("x".repeat(40), 7, sealed));
});

Deno.test("recovery codes: ten distinct 80-bit codes, forgiving case and hyphens", async () => {
  const codes = newRecoveryCodes();
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const code of codes) assert.match(code, /^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
  const typed = ` ${codes[0].toUpperCase().replaceAll("-", " ")} `;
  assert.equal(normalizeRecoveryCode(typed), codes[0].replaceAll("-", ""));
  assert.equal(normalizeRecoveryCode("123456"), undefined);
  assert.deepEqual(
    await hashRecoveryCode(normalizeRecoveryCode(codes[1])!),
    await hashRecoveryCode(normalizeRecoveryCode(codes[1].toUpperCase())!),
  );
});
