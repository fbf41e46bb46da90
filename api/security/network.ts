/**
 * The unit per-client limits count in. One IPv4 address is what one client usually has; one
 * IPv6 /64 is what one VPS or home line gets, so counting per IPv6 address would hand a single
 * attacker 2^64 fresh allowances.
 */
import { isIP } from "node:net";

/** "203.0.113.7" stays as it is; "2001:db8:1:2::5" becomes "2001:db8:1:2::/64". */
export function clientNetwork(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head, tail] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups = tail === undefined
    ? left
    : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  const prefix = groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${prefix.join(":")}::/64`;
}
