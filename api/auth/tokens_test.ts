import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { createTokens, InvalidTokenError, TokenExpiredError } from "./tokens.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
const key = new TextEncoder().encode(SECRET);
const tokens = createTokens({ secretKey: SECRET, ttlSeconds: 900 });
const now = () => Math.floor(Date.now() / 1000);
const SID = "0b8a3c52-55d4-4a4e-9d54-3e0c2a9c7a11";
const LIVE = { generation: 1, notAfter: new Date(Date.now() + 24 * 3600 * 1000) };

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

Deno.test("issued tokens are HS256 with sub, iat, exp and jti, and verify", async () => {
  const { token, expiresIn } = await tokens.issue(42, SID, LIVE);
  assert.equal(expiresIn, 900);
  assert.equal(decodeProtectedHeader(token).alg, "HS256");
  const claims = decodeJwt(token);
  assert.equal(claims.sub, "42");
  assert.equal((claims.exp as number) - (claims.iat as number), 900);
  assert.equal(typeof claims.jti, "string");
  const verified = await tokens.verify(token);
  assert.equal(verified.userId, 42);
  assert.equal(verified.sessionId, SID);
  assert.equal(claims.sid, SID);
  assert.equal(verified.jti, claims.jti);
});

Deno.test("every token gets a distinct jti", async () => {
  const [a, b] = await Promise.all([tokens.issue(1, SID, LIVE), tokens.issue(1, SID, LIVE)]);
  assert.notEqual(decodeJwt(a.token).jti, decodeJwt(b.token).jti);
});

Deno.test("an expired token throws TokenExpiredError", async () => {
  const token = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" }).setSubject("1")
    .setIssuedAt(now() - 100).setExpirationTime(now() - 10).setJti("j").sign(key);
  await assert.rejects(tokens.verify(token), TokenExpiredError);
});

Deno.test("an unsigned `alg: none` token is rejected", async () => {
  const payload = { sub: "1", iat: now(), exp: now() + 60, jti: "j", sid: SID };
  const token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`;
  await assert.rejects(tokens.verify(token), InvalidTokenError);
});

Deno.test("a token signed with another algorithm, even with the same key, is rejected", async () => {
  const token = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS512" }).setSubject("1")
    .setIssuedAt().setExpirationTime("1h").setJti("j").sign(key);
  await assert.rejects(tokens.verify(token), InvalidTokenError);
});

Deno.test("a tampered payload is rejected", async () => {
  const { token } = await tokens.issue(1, SID, LIVE);
  const [header, , signature] = token.split(".");
  const claims = decodeJwt(token);
  const tampered = `${header}.${b64url({ ...claims, sub: "2" })}.${signature}`;
  await assert.rejects(tokens.verify(tampered), InvalidTokenError);
});

Deno.test("a missing, non-string or non-numeric sub is rejected", async () => {
  for (const sub of [undefined, 7, "abc", "0", "-1"]) {
    const claims = typeof sub === "number"
      ? { sub, sid: SID } as unknown as { sub: string }
      : { sid: SID };
    const builder = new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("1h").setJti("j");
    if (typeof sub === "string") builder.setSubject(sub);
    await assert.rejects(tokens.verify(await builder.sign(key)), InvalidTokenError, String(sub));
  }
});

Deno.test("a token issued or valid only in the future is rejected", async () => {
  const future = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" }).setSubject(
    "1",
  )
    .setIssuedAt(now() + 3600).setExpirationTime(now() + 7200).setJti("j").sign(key);
  await assert.rejects(tokens.verify(future), InvalidTokenError);
  const notYet = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" }).setSubject(
    "1",
  )
    .setIssuedAt().setNotBefore(now() + 3600).setExpirationTime("2h").setJti("j").sign(key);
  await assert.rejects(tokens.verify(notYet), InvalidTokenError);
});

Deno.test("a token without exp or jti is rejected", async () => {
  const noExp = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" }).setSubject("1")
    .setIssuedAt().setJti("j").sign(key);
  await assert.rejects(tokens.verify(noExp), InvalidTokenError);
  const noJti = await new SignJWT({ sid: SID }).setProtectedHeader({ alg: "HS256" }).setSubject("1")
    .setIssuedAt().setExpirationTime("1h").sign(key);
  await assert.rejects(tokens.verify(noJti), InvalidTokenError);
});

Deno.test("a token without a session id, or with a malformed one, is rejected", async () => {
  for (const claims of [{}, { sid: "not-a-uuid" }, { sid: 5 }]) {
    const token = await new SignJWT(claims as Record<string, string>)
      .setProtectedHeader({ alg: "HS256" }).setSubject("1").setIssuedAt()
      .setExpirationTime("1h").setJti("j").sign(key);
    await assert.rejects(tokens.verify(token), InvalidTokenError, JSON.stringify(claims));
  }
});

Deno.test("a token carries its session generation and never outlives its session", async () => {
  const ending = { generation: 7, notAfter: new Date(Date.now() + 60_000) };
  const { token, expiresIn } = await tokens.issue(1, SID, ending);
  assert.ok(expiresIn <= 60 && expiresIn >= 58, `expires in ${expiresIn}`);
  const claims = await tokens.verify(token);
  assert.equal(claims.generation, 7);
  assert.ok(claims.expiresAt <= Math.ceil(ending.notAfter.getTime() / 1000));
});

Deno.test("tokens from before generations verify as generation 0; a bad gen is refused", async () => {
  const sign = (extra: Record<string, unknown>) =>
    new SignJWT({ sid: SID, ...extra }).setProtectedHeader({ alg: "HS256" }).setSubject("1")
      .setIssuedAt().setExpirationTime("5m").setJti(crypto.randomUUID()).sign(key);
  assert.equal((await tokens.verify(await sign({}))).generation, 0);
  for (const gen of [-1, 1.5, "2", null]) {
    await assert.rejects(tokens.verify(await sign({ gen })), InvalidTokenError, String(gen));
  }
});
