import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a per-client limit counts against. Behind a trusted proxy it is the last X-Forwarded-For entry,
 * the one the proxy itself appended: the first entry is whatever the client sent, and a client rotating it would
 * get a fresh bucket per request. Without a socket (in-process requests) there is no address.
 */
export function limitAddress(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded) {
      const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
      if (last) return last;
    }
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address?.startsWith('::ffff:') ? address.slice(7) : address;
  } catch {
    return undefined;
  }
}

/**
 * Loopback callers are the machine itself: the operator, a benchmark, or a local reverse proxy that was not
 * declared with SIGNPOST_TRUST_PROXY (then every client shares one address and a per-address limit would throttle
 * them all together). Per-address limits skip them; per-key limits still apply.
 */
export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

const PRIVATE_V4 = [
  [10, 0, 8],
  [172, 16, 12],
  [192, 168, 16],
  [169, 254, 16],
] as const;

/**
 * Loopback or a private network (RFC 1918, link-local, IPv6 unique-local and link-local). Public clients never
 * reach us from these: such an address is a load balancer, reverse proxy or internal service in front of many
 * clients, so a per-address limit on it would throttle all of them together. Declare the proxy with
 * SIGNPOST_TRUST_PROXY to limit each real client instead.
 */
export function isLocalNetwork(address: string): boolean {
  if (isLoopback(address)) return true;
  if (address.includes(':')) {
    const first = Number.parseInt(address.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
  }
  const octets = address.split('.').map(Number);
  if (octets.length !== 4) return false;
  const [a = 0, b = 0] = octets;
  const value = a * 256 + b;
  return PRIVATE_V4.some(([x, y, bits]) => value >> (16 - bits) === (x * 256 + y) >> (16 - bits));
}
