/**
 * The address a request came from, for per-client rate limits. X-Forwarded-For is anyone's to
 * write, so it is believed only when the TCP peer is a proxy we run, and only up to the first hop
 * that is not one of ours.
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import { isIP } from "node:net";

export const UNKNOWN_CLIENT = "unknown";

/**
 * The TCP peer, or, when the peer is a trusted proxy, the right-most X-Forwarded-For entry that is
 * not a trusted proxy itself. Proxies such as Caddy append the address they saw, so entries a
 * client wrote for itself stay to the left of the real one and are never reached.
 */
export function clientIp(c: Context, trustedProxies: string[]): string {
  const peer = peerAddress(c);
  if (peer === undefined) return UNKNOWN_CLIENT;
  const trusted = new Set(validIps(trustedProxies));
  if (!trusted.has(peer)) return peer;

  const hops = validIps((c.req.header("X-Forwarded-For") ?? "").split(","));
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.has(hops[i])) return hops[i];
  }
  // Every hop is ours (say, a request made from a proxy host): the furthest one is the client.
  return hops[0] ?? peer;
}

/** Deno.serve passes its handler info as `c.env`; app.request() in tests does not. */
function peerAddress(c: Context): string | undefined {
  const info = c.env as Partial<Deno.ServeHandlerInfo> | undefined;
  if (info?.remoteAddr?.transport !== "tcp") return undefined;
  return normaliseIp(getConnInfo(c).remote.address ?? "");
}

/** The normalised addresses among `texts`, in order, malformed ones left out. */
function validIps(texts: string[]): string[] {
  return texts.map(normaliseIp).filter((ip): ip is string => ip !== undefined);
}

/**
 * One spelling per address, so comparisons hold: IPv6 compressed and lower-cased, and IPv4-mapped
 * IPv6 (what a dual-stack socket reports for an IPv4 peer) as plain IPv4. Undefined if malformed.
 */
function normaliseIp(text: string): string | undefined {
  const ip = text.trim();
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version !== 6) return undefined;
  let host: string;
  try {
    // The URL parser writes IPv6 in its canonical form (RFC 5952) and refuses zone ids.
    host = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return host;
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}
