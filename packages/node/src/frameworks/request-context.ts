import { type UserAgentProperties, userAgentProperties } from './user-agent-properties.ts';

export interface RequestContext extends UserAgentProperties {
  $current_url: string;
  $pathname: string;
  $host: string;
  $ip?: string;
}

/** What each framework adapter extracts from its own request object. */
export interface RequestFacts {
  protocol: string;
  /** The Host header, port included when not the default. */
  host: string;
  /** Path and query as requested. */
  url: string;
  ip: string | undefined;
  userAgent: string | undefined;
}

/** Event properties describing a request, named as posthog-js names them for page views. */
export function requestContextFrom(facts: RequestFacts): RequestContext {
  const context: RequestContext = { ...parseUrl(facts), ...userAgentProperties(facts.userAgent) };
  if (facts.ip) context.$ip = stripIpv4Mapping(facts.ip);
  return context;
}

function parseUrl(facts: RequestFacts): Pick<RequestContext, '$current_url' | '$pathname' | '$host'> {
  const protocol = facts.protocol.replace(/:$/, '');
  // Concatenated, not resolved against a base: a path like `//evil.example/x` must stay a path on our host.
  const raw = /^https?:\/\//i.test(facts.url) ? facts.url : `${protocol}://${facts.host}${facts.url}`;
  try {
    const url = new URL(raw);
    return { $current_url: url.href, $pathname: url.pathname, $host: url.host };
  } catch {
    // A malformed Host header must not fail the request that is being described.
    return { $current_url: raw, $pathname: facts.url.split('?')[0] ?? '', $host: facts.host };
  }
}

// Node reports IPv4 peers on dual-stack sockets as `::ffff:1.2.3.4`; GeoIP and person properties want `1.2.3.4`.
const stripIpv4Mapping = (ip: string): string =>
  ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
