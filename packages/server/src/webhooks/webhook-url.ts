import { networkInterfaces } from 'node:os';
import { AppError } from '../errors/app-error.ts';

/** Where this server can be reached: its listen address and, when set, its public URL's host and port. */
export interface SelfAddress {
  host: string;
  port: number;
}

const MAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();
const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** This machine's own addresses, which a server listening on every interface answers on. */
function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) out.add(a.address.toLowerCase());
  return out;
}

function isSelf(host: string, port: number, self: readonly SelfAddress[]): boolean {
  return self.some((s) => {
    if (s.port !== port) return false;
    const own = bare(s.host);
    if (own === host) return true;
    if (isLoopback(own) || isWildcard(own)) {
      // Another loopback name of the same port is still this server; so is any local address when it listens on all.
      if (isLoopback(host) || isWildcard(host)) return true;
      return isWildcard(own) && localAddresses().has(host);
    }
    return false;
  });
}

/**
 * A subscription's target: `http(s)://` (or `mailto:` when mail is configured). A URL at this server itself is
 * refused — host AND port, so a receiver on another loopback port is fine — since a webhook that calls Signpost
 * would feed its own API with every change it reports. Names that resolve here through DNS are not caught.
 */
export function checkWebhookUrl(raw: string, self: readonly SelfAddress[], mailAllowed: boolean): string {
  const text = raw.trim();
  if (/^mailto:/i.test(text)) {
    const address = decodeURIComponent(text.slice('mailto:'.length));
    if (!MAIL.test(address))
      throw new AppError('INVALID_WEBHOOK_URL', `"${text}" is not a mailto: with one address.`, 'url');
    if (!mailAllowed)
      throw new AppError(
        'INVALID_WEBHOOK_URL',
        'mailto: subscriptions need SIGNPOST_SMTP_URL; set it or use an http(s) URL.',
        'url',
      );
    return `mailto:${address}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('INVALID_WEBHOOK_URL', `"${text}" is not a URL.`, 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('INVALID_WEBHOOK_URL', `Webhook URLs must be http(s); got ${url.protocol}`, 'url');
  if (url.username || url.password)
    throw new AppError(
      'INVALID_WEBHOOK_URL',
      'Put credentials in the path or query, not user:password@.',
      'url',
    );
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (isSelf(bare(url.hostname), port, self))
    throw new AppError(
      'WEBHOOK_URL_IS_SELF',
      `${url.host} is this Signpost server; a webhook must point at another service.`,
      'url',
    );
  return url.toString();
}

/** The addresses `checkWebhookUrl` compares against, from the listen settings and SIGNPOST_PUBLIC_URL. */
export function selfAddressesOf(host: string, port: number, publicUrl: string | undefined): SelfAddress[] {
  const out: SelfAddress[] = [{ host, port }];
  if (publicUrl) {
    const u = new URL(publicUrl);
    out.push({ host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) });
  }
  return out;
}
