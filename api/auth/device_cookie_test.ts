import { Hono } from "hono";
import assert from "node:assert/strict";
import { issueDevice, setDeviceCookie, verifyDevice } from "./device_cookie.ts";

const KEY = "a test secret key that is long enough";
const NOW = Date.UTC(2030, 0, 1);

Deno.test("a device cookie names its account and its own device until it expires", () => {
  const issued = issueDevice(KEY, 42, 3600, NOW);
  assert.equal(issued.expiresAt.getTime(), NOW + 3600_000);
  const device = verifyDevice(KEY, issued.value, NOW);
  assert.equal(device?.userId, 42);
  assert.match(device?.deviceId ?? "", /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(
    verifyDevice(KEY, issueDevice(KEY, 42, 3600, NOW).value, NOW)?.deviceId,
    device?.deviceId,
  );
  assert.equal(verifyDevice(KEY, issued.value, NOW + 3600_000), undefined);
});

Deno.test("a device cookie altered, signed with another key, or malformed is not valid", () => {
  const { value } = issueDevice(KEY, 42, 3600, NOW);
  const [, device, expires, signature] = value.split(".");
  for (
    const forged of [
      `43.${device}.${expires}.${signature}`,
      `42.${device}.${Number(expires) + 60}.${signature}`,
      issueDevice("another secret key, rotated or guessed", 42, 3600, NOW).value,
      value.slice(0, -1) + (value.endsWith("A") ? "B" : "A"),
      `${value}.`,
      "",
      "42",
    ]
  ) {
    assert.equal(verifyDevice(KEY, forged, NOW), undefined, forged);
  }
  assert.equal(verifyDevice(KEY, undefined, NOW), undefined);
});

Deno.test("the device cookie is HttpOnly, SameSite=Strict, sent to /auth/login only, Secure over HTTPS", async () => {
  const app = new Hono().post("/auth/login", (c) => {
    setDeviceCookie(c, issueDevice(KEY, 42, 3600));
    return c.text("ok");
  });
  const plain = await app.request("/auth/login", { method: "POST" });
  const cookie = plain.headers.get("Set-Cookie") ?? "";
  assert.match(
    cookie,
    /^login_device=42\.[^;]+; Max-Age=(3599|3600); Path=\/auth\/login; Expires=/,
  );
  assert.match(cookie, /; HttpOnly; SameSite=Strict$/);
  const proxied = await app.request("/auth/login", {
    method: "POST",
    headers: { "X-Forwarded-Proto": "https" },
  });
  assert.match(proxied.headers.get("Set-Cookie") ?? "", /; Secure/);
  const direct = await app.request("https://users.example/auth/login", { method: "POST" });
  assert.match(direct.headers.get("Set-Cookie") ?? "", /; Secure/);
});
