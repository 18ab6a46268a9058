import { isIPv4, isIPv6 } from 'node:net';
import type { IncomingEvent } from '../events/event.ts';
import type { IpHandling } from './data-settings.ts';

const zeroLastOctet = (ip: string) => `${ip.slice(0, ip.lastIndexOf('.'))}.0`;

/** The eight 16-bit groups of an IPv6 address ("::" expanded), or undefined if it has an embedded IPv4 tail. */
function ipv6Groups(ip: string): string[] | undefined {
  if (ip.includes('.')) return undefined;
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: tail === undefined ? 0 : missing }, () => '0'), ...right];
}

/**
 * Keeps the network and drops the host: IPv4's last octet and IPv6's last 80 bits become zero (the /24 and /48
 * that geolocation needs, as Google Analytics' and Matomo's IP anonymisation do). An IPv4-mapped IPv6 address is
 * truncated as the IPv4 address it carries. Anything that is not an address is dropped: it may still identify.
 */
export function truncateIp(ip: string): string | undefined {
  const zone = ip.indexOf('%');
  const bare = zone === -1 ? ip : ip.slice(0, zone);
  if (isIPv4(bare)) return zeroLastOctet(bare);
  if (!isIPv6(bare)) return undefined;
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped?.[1] && mapped[2]) return `${mapped[1]}${zeroLastOctet(mapped[2])}`;
  const groups = ipv6Groups(bare.toLowerCase());
  if (!groups) return undefined;
  // Written canonically (RFC 5952: no leading zeros, the zero run as "::"), so equal networks compare equal.
  const network = groups.slice(0, 3).map((g) => Number.parseInt(g, 16).toString(16));
  while (network.at(-1) === '0') network.pop();
  return `${network.join(':')}::`;
}

/** Applies a project's setting to `$ip` of events about to be stored (in place: they are this request's copies). */
export function applyIpHandling(handling: IpHandling, events: readonly IncomingEvent[]): void {
  if (handling === 'keep') return;
  for (const e of events) {
    const ip = e.properties.$ip;
    if (ip === undefined) continue;
    const kept = handling === 'truncate' && typeof ip === 'string' ? truncateIp(ip) : undefined;
    if (kept === undefined) delete e.properties.$ip;
    else e.properties.$ip = kept;
  }
}
