/**
 * The device cookie (OWASP, "Slow down online guessing attacks with device cookies"): a browser
 * that once logged in to an account carries a signed note saying so, and keeps getting through
 * the limits that an attacker elsewhere can exhaust for that account. Each cookie has an id of its
 * own, so a stolen one that keeps failing is locked without locking the owner's other browsers.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cameOverHttps } from "../http/request_shape.ts";

export const DEVICE_COOKIE = "login_device";
// Sent with login requests only: nothing else needs it, so nothing else can leak it.
const PATH = "/auth/login";
const FORMAT = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** What a valid cookie says: which account this browser logged in to, and its own id. */
export type Device = { userId: number; deviceId: string };
export type IssuedDevice = { value: string; expiresAt: Date };

/**
 * A key of its own, derived from SECRET_KEY, so a device cookie can never be passed off as any
 * other signed value of ours, nor the other way round.
 */
function deviceKey(secretKey: string): Buffer {
  return createHmac("sha256", secretKey).update("users-api device cookie v1").digest();
}

function signature(secretKey: string, payload: string): string {
  return createHmac("sha256", deviceKey(secretKey)).update(payload).digest("base64url");
}

export function issueDevice(
  secretKey: string,
  userId: number,
  ttlSeconds: number,
  now = Date.now(),
): IssuedDevice {
  const deviceId = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const payload = `${userId}.${deviceId}.${expires}`;
  return {
    value: `${payload}.${signature(secretKey, payload)}`,
    expiresAt: new Date(expires * 1000),
  };
}

/** The device a cookie value names, if it is ours, unaltered and unexpired; else undefined. */
export function verifyDevice(
  secretKey: string,
  value: string | undefined,
  now = Date.now(),
): Device | undefined {
  const match = value === undefined ? null : FORMAT.exec(value);
  if (!match) return undefined;
  const [, userId, deviceId, expires, given] = match;
  const expected = signature(secretKey, `${userId}.${deviceId}.${expires}`);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return undefined;
  if (Number(expires) * 1000 <= now) return undefined;
  return { userId: Number(userId), deviceId };
}

export function readDeviceCookie(c: Context): string | undefined {
  return getCookie(c, DEVICE_COOKIE);
}

export function setDeviceCookie(c: Context, device: IssuedDevice) {
  setCookie(c, DEVICE_COOKIE, device.value, {
    httpOnly: true,
    sameSite: "Strict",
    path: PATH,
    secure: cameOverHttps(c),
    expires: device.expiresAt,
    maxAge: Math.max(0, Math.floor((device.expiresAt.getTime() - Date.now()) / 1000)),
  });
}
